namespace OrleansP2P.Hosts;

/// <summary>
/// A peer as the lists show it: its home host, whether that host has a live silo (reachable: it serves and receives
/// files), and whether it has a live session (signed in), with its <see cref="PeerActivity"/> (last seen, served).
/// Derived, not authoritative: the peer's own record decides.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PeerPresence")]
public sealed record PeerPresence(
    [property: Id(0)] string Username,
    [property: Id(1)] string? Host,
    [property: Id(2)] bool Reachable,
    [property: Id(3)] bool SignedIn)
{
    [Id(4)] public PeerActivity Activity { get; init; } = PeerActivity.None;
}

namespace OrleansP2P.Hosts;

/// <summary>
/// What the network last saw of a peer: when it was last signed in (<see cref="LastSeen"/>: its sign-in, its
/// sign-out, and while signed in its session checks, at most a minute apart), and what it served to other peers
/// (<see cref="FilesServed"/>: one per file or part a requester fetched from it; <see cref="BytesServed"/>: every
/// chunk's bytes). Null last seen: never signed in since the record was kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PeerActivity")]
public sealed record PeerActivity(
    [property: Id(0)] DateTimeOffset? LastSeen,
    [property: Id(1)] long FilesServed,
    [property: Id(2)] long BytesServed)
{
    public static readonly PeerActivity None = new(null, 0, 0);

    /// <summary>This record with <paramref name="more"/> added: the later last seen, the served counts summed.</summary>
    public PeerActivity Add(PeerActivity more) => new(
        LastSeen is { } seen && (more.LastSeen is null || more.LastSeen < seen) ? seen : more.LastSeen ?? LastSeen,
        FilesServed + more.FilesServed,
        BytesServed + more.BytesServed);
}

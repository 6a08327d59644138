namespace OrleansP2P.Protocol;

/// <summary>Creates a new peer: an account at the tracker and a folder of its own.</summary>
/// <param name="Folder">Where the peer's files live; null for the default <c>{DataRoot}/peers/{username}</c>.</param>
/// <param name="Host">The peer's home host, fixed for good; null for the portal's own host or the reachable host with the fewest peers.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.SignUpRequest")]
public sealed record SignUpRequest(
    [property: Id(0)] string Username,
    [property: Id(1)] string Password,
    [property: Id(2)] string? Folder = null,
    [property: Id(3)] string? Host = null)
{
    public override string ToString() => $"SignUpRequest {{ Username = {Username}, Folder = {Folder}, Host = {Host} }}";
}

/// <summary>201 with the peer's folder, 400 for an invalid name, weak password or unknown host, 409 when the name is taken, 503 when the host is down.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.SignUpReply")]
public sealed record SignUpReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Username,
    [property: Id(3)] string? Folder) : IReply;

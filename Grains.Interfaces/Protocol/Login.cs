namespace OrleansP2P.Protocol;

/// <summary>A peer's username and password, sent to the tracker to log in.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.LoginRequest")]
public sealed record LoginRequest(
    [property: Id(0)] string Username,
    [property: Id(1)] string Password)
{
    // Never print the password, not even in a debugger or a log of the request.
    public override string ToString() => $"LoginRequest {{ Username = {Username} }}";
}

/// <summary>200 with the session the tracker saved, or 401 when the username or password is wrong.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.LoginReply")]
public sealed record LoginReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Username,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] long TrackerVersion) : IReply;

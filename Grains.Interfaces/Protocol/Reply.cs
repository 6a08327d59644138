namespace OrleansP2P.Protocol;

/// <summary>A reply with nothing to report beyond its status.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.Reply")]
public sealed record Reply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason) : IReply
{
    public static Reply Ok(string reason = "OK") => new(P2PStatus.Ok, reason);

    public static Reply Fail(P2PStatus status, string reason) => new(status, reason);
}

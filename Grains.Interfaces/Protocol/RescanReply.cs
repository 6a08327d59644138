namespace OrleansP2P.Protocol;

/// <summary>What a peer found when it read its folder again: files announced, updates published, files gone, refusals.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.RescanReply")]
public sealed record RescanReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] ImmutableArray<FileDescriptor> Held,
    [property: Id(3)] ImmutableArray<string> Problems) : IReply;

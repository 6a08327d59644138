namespace OrleansP2P.Protocol;

/// <summary>
/// Peer to peer: "do you have the file with this key (or this part of it)?" The first step of a transfer;
/// the content then moves in <see cref="ChunkRequest"/>s.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileRequest")]
public sealed record FileRequest(
    [property: Id(0)] string Requester,
    [property: Id(1)] string Key,
    [property: Id(2)] PartSpec? Part = null);

/// <summary>200 with what the peer holds, 404 when it does not hold it, 400 for a malformed key.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileReply")]
public sealed record FileReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? File) : IReply;

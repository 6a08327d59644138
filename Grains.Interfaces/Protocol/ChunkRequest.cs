namespace OrleansP2P.Protocol;

/// <summary>
/// Peer to peer: "send me <see cref="Length"/> bytes from <see cref="Offset"/> of this version of this file
/// (or part)". Content always moves in chunks, so no message comes near Orleans' message size limit.
/// </summary>
/// <remarks>
/// A part holder refreshing its part after an update asks the updater for the whole file
/// (<see cref="Part"/> null) from the part's first byte: the part is a byte range of the whole.
/// </remarks>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ChunkRequest")]
public sealed record ChunkRequest(
    [property: Id(0)] string Requester,
    [property: Id(1)] string Key,
    [property: Id(2)] PartSpec? Part,
    [property: Id(3)] long Version,
    [property: Id(4)] long Offset,
    [property: Id(5)] int Length)
{
    /// <summary>The most a single chunk may carry; far below Orleans' message size limit.</summary>
    public const int MaxLength = 4 * 1024 * 1024;
}

/// <summary>200 with the bytes (fewer than asked only at the end), 404 if not held, 409 if the version moved on.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ChunkReply")]
public sealed record ChunkReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Offset,
    [property: Id(3)] byte[] Data) : IReply;

namespace OrleansP2P.Protocol;

/// <summary>
/// Peer to file grain: "I changed the file; here is the new content's digest, based on <see cref="BaseVersion"/>."
/// A small file's content travels along (<see cref="Content"/>, at most <see cref="VersionUpdate.MaxInlineBytes"/>)
/// and goes out with every <see cref="VersionUpdate"/>; a larger one stays in the publisher's folder and every
/// holder pulls it from there.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PublishRequest")]
public sealed record PublishRequest(
    [property: Id(0)] string Publisher,
    [property: Id(1)] string Name,
    [property: Id(2)] long BaseVersion,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long Size,
    [property: Id(5)] byte[]? Content = null)
{
    /// <summary>The new content's piece layout (its list recorded at the file's <see cref="IPieceListGrain"/> first); null for one piece.</summary>
    [Id(6)] public PieceLayout? Pieces { get; init; }
}

/// <summary>
/// 200 with the new version, how many other holders applied it, and those that have not yet (offline, or busy with
/// the file), who get it as soon as they can; 409 when the base version is stale.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PublishReply")]
public sealed record PublishReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Version,
    [property: Id(3)] int HoldersUpdated,
    ImmutableArray<PendingHolder> HoldersPending = default,
    [property: Id(5)] long TrackerVersion = 0) : IReply
{
    [Id(4)] public ImmutableArray<PendingHolder> HoldersPending { get; init; } = HoldersPending.IsDefault ? [] : HoldersPending;

    /// <summary>On a stale 409: who saved the current version <see cref="Version"/>.</summary>
    [Id(6)] public string? CurrentAuthor { get; init; }
}

/// <summary>
/// File grain to each holder: "version <see cref="Version"/> exists at <see cref="Source"/>; bring your copy
/// (or your part, re-cut from the new content) up to it." Holders apply it idempotently by version. A small
/// file's new content comes along in <see cref="Content"/>, so a thousand holders do not each call the publisher
/// back for a few kilobytes; deliveries resumed later (after a crash) carry none and pull as a large file does.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.VersionUpdate")]
public sealed record VersionUpdate(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long Size,
    [property: Id(5)] string Source,
    [property: Id(6)] byte[]? Content = null)
{
    /// <summary>The largest content sent inline with an update: one small message per holder, not a transfer.</summary>
    public const int MaxInlineBytes = 64 * 1024;

    /// <summary>The version's piece layout (<see cref="FileLocation.Pieces"/>), when it has one.</summary>
    [Id(7)] public PieceLayout? Pieces { get; init; }
}

/// <summary>
/// 200 with what the holder now stores (its part's new digest, for a part holder). 503 with <see cref="Busy"/> when
/// the holder is transferring the file itself: it asks for the delivery again the moment it is done.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ApplyReply")]
public sealed record ApplyReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? Stored,
    [property: Id(3)] bool Busy = false) : IReply
{
    /// <summary>Bytes the holder pulled for this version: with piece lists on both sides, only the pieces that changed.</summary>
    [Id(4)] public long FetchedBytes { get; init; }

    /// <summary>Bytes of the new version the holder took from its own copy (pieces the new version keeps).</summary>
    [Id(5)] public long KeptBytes { get; init; }
}

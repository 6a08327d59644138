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
    [property: Id(5)] byte[]? Content = null);

/// <summary>200 with the new version and how many other holders applied it; 409 when the base version is stale.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PublishReply")]
public sealed record PublishReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Version,
    [property: Id(3)] int HoldersUpdated) : IReply;

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
}

/// <summary>200 with what the holder now stores (its part's new digest, for a part holder).</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ApplyReply")]
public sealed record ApplyReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? Stored) : IReply;

namespace OrleansP2P.Protocol;

/// <summary>
/// Peer to file grain: "I changed the file; here is the new content's digest, based on <see cref="BaseVersion"/>."
/// The content stays in the publisher's folder; every holder pulls it from there.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PublishRequest")]
public sealed record PublishRequest(
    [property: Id(0)] string Publisher,
    [property: Id(1)] string Name,
    [property: Id(2)] long BaseVersion,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long Size);

/// <summary>200 with the new version and how many other holders applied it; 409 when the base version is stale.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PublishReply")]
public sealed record PublishReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Version,
    [property: Id(3)] int HoldersUpdated) : IReply;

/// <summary>
/// File grain to each holder: "version <see cref="Version"/> exists at <see cref="Source"/>; bring your copy
/// (or your part, re-cut from the new content) up to it." Holders apply it idempotently by version.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.VersionUpdate")]
public sealed record VersionUpdate(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long Size,
    [property: Id(5)] string Source);

/// <summary>200 with what the holder now stores (its part's new digest, for a part holder).</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ApplyReply")]
public sealed record ApplyReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? Stored) : IReply;

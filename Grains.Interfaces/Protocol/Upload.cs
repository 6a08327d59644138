namespace OrleansP2P.Protocol;

/// <summary>
/// One chunk of new content a user sends to its own peer before a <see cref="SaveRequest"/>.
/// Chunks arrive in order; <see cref="Offset"/> lets the peer refuse a gap or a repeat.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.UploadChunk")]
public sealed record UploadChunk(
    [property: Id(0)] string UploadId,
    [property: Id(1)] long Offset,
    [property: Id(2)] byte[] Data)
{
    /// <summary>The name the upload will be saved as, for the Transfers panel; null when the client does not say.</summary>
    [Id(3)] public string? Name { get; init; }

    /// <summary>The upload's whole size, when the client knows it (for its percentage).</summary>
    [Id(4)] public long? Total { get; init; }
}

/// <summary>
/// "Make the uploaded content my file <see cref="Name"/>": creates the file, or — when the peer holds it —
/// publishes a new version to every holder. <see cref="BaseVersion"/> is the version the edit started from;
/// null means "whatever is current" (an unconditional save).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.SaveRequest")]
public sealed record SaveRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] string UploadId,
    [property: Id(2)] long? BaseVersion);

/// <summary>
/// 201 (created) or 200 (updated at every reachable holder, the rest in <see cref="HoldersPending"/>) with the new
/// version; 409 when stale; 413 when too large.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.SaveReply")]
public sealed record SaveReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? File,
    [property: Id(3)] int HoldersUpdated,
    ImmutableArray<PendingHolder> HoldersPending = default) : IReply
{
    [Id(4)] public ImmutableArray<PendingHolder> HoldersPending { get; init; } = HoldersPending.IsDefault ? [] : HoldersPending;

    /// <summary>On a stale edit's 409: the version that is current now.</summary>
    [Id(5)] public long? CurrentVersion { get; init; }

    /// <summary>On a stale edit's 409: who saved <see cref="CurrentVersion"/> (null for a version first announced, not saved).</summary>
    [Id(6)] public string? CurrentAuthor { get; init; }

    public static SaveReply Fail(P2PStatus status, string reason) => new(status, reason, null, 0);

    /// <summary>409 for an edit begun from <paramref name="baseVersion"/> while <paramref name="currentVersion"/> was saved.</summary>
    public static SaveReply Stale(string name, long baseVersion, long currentVersion, string? author) =>
        new(P2PStatus.Conflict, StaleEdit.Reason(name, baseVersion, currentVersion, author), null, 0)
        {
            CurrentVersion = currentVersion,
            CurrentAuthor = author,
        };
}

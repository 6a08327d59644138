namespace OrleansP2P.Protocol;

/// <summary>
/// "Publish version <see cref="Version"/>'s content of <see cref="Name"/> as its next version at every holder", an
/// edit begun from <see cref="BaseVersion"/>: the bytes come from the caller's history or a peer that keeps them, and
/// the save then follows an upload's rules (a stale base version gets 409 and changes nothing).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.RestoreRequest")]
public sealed record RestoreRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] long Version,
    [property: Id(2)] long BaseVersion);

/// <summary>
/// Resolves a conflict copy the caller holds: <see cref="KeepCopy"/> publishes its content as the next version of the
/// file it is a copy of (an edit begun from <see cref="BaseVersion"/>), then removes the copy; otherwise the copy is
/// only removed and the network's version stays. Either way the copy leaves the caller's folder for its history.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ResolveRequest")]
public sealed record ResolveRequest(
    [property: Id(0)] string CopyName,
    [property: Id(1)] bool KeepCopy,
    [property: Id(2)] long? BaseVersion);

/// <summary>
/// Resolves a conflict copy the caller holds by merging: the staged upload <see cref="UploadId"/> (the merged content)
/// becomes the next version of the file the copy belongs to, an edit begun from <see cref="BaseVersion"/> (stale: 409,
/// nothing changed), and the copy then leaves the caller's folder for its history.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.MergeRequest")]
public sealed record MergeRequest(
    [property: Id(0)] string CopyName,
    [property: Id(1)] string UploadId,
    [property: Id(2)] long BaseVersion);

using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One peer as its user's client (keyed by <c>{network}/{username}</c>): what the logged-in user asks. This is
/// the only peer interface the portal holds; every method refuses a peer that is not logged in.
/// </summary>
[Alias("OrleansP2P.IPeerClientGrain")]
public interface IPeerClientGrain : IGrainWithStringKey
{
    [Alias("Download"), ResponseTimeout("00:30:00")]
    Task<DownloadReply> DownloadAsync(DownloadRequest request);

    [Alias("WriteUploadChunk")]
    Task<Reply> WriteUploadChunkAsync(UploadChunk chunk);

    /// <summary>Drops an upload the client gave up on (its body failed, was refused or cut short): nothing of it stays.</summary>
    [Alias("DiscardUpload")]
    Task DiscardUploadAsync(string uploadId);

    [Alias("Save"), ResponseTimeout("00:30:00")]
    Task<SaveReply> SaveAsync(SaveRequest request);

    [Alias("Rescan"), ResponseTimeout("00:10:00")]
    Task<RescanReply> RescanAsync();

    /// <summary>Removes the caller's copy of a file (it goes into the history) and withdraws it; other holders keep theirs.</summary>
    [Alias("RemoveFile")]
    Task<Reply> RemoveFileAsync(string name);

    /// <summary>
    /// The network's recent versions of a file, oldest first, each with the peers that keep its bytes: every peer that
    /// holds the file or wrote one of its versions is asked, with a deadline of a few seconds, what it keeps.
    /// </summary>
    [Alias("ListVersions"), ResponseTimeout("00:01:00")]
    Task<VersionListReply> ListVersionsAsync(string name);

    /// <summary>Reads a chunk of a version's whole bytes from <paramref name="keeper"/>: this peer, or another that keeps them.</summary>
    [Alias("ReadKeptChunk")]
    Task<ChunkReply> ReadKeptChunkAsync(string keeper, ChunkRequest request);

    /// <summary>Publishes an earlier version's content as the next version at every holder; a part holder is refused.</summary>
    [Alias("RestoreVersion"), ResponseTimeout("00:30:00")]
    Task<SaveReply> RestoreVersionAsync(RestoreRequest request);

    /// <summary>The conflict copies in the network, from the tracker's table: listed while some peer holds one.</summary>
    [Alias("ListConflicts")]
    Task<ImmutableArray<ConflictCopy>> ListConflictsAsync();

    /// <summary>Resolves a conflict copy the caller holds: publishes it as the next version of its file, or drops it.</summary>
    [Alias("ResolveConflict"), ResponseTimeout("00:30:00")]
    Task<SaveReply> ResolveConflictAsync(ResolveRequest request);

    /// <summary>The peer's running and recently ended transfers (downloads, uploads, delivered versions), newest first.</summary>
    [Alias("ListTransfers")]
    Task<ImmutableArray<TransferInfo>> ListTransfersAsync();

    /// <summary>
    /// Stops a running download: its verified pieces stay for the next download of the same version. By id rather
    /// than by the download call's own CancellationToken, so any tab or a reloaded page can stop it.
    /// </summary>
    [Alias("CancelTransfer")]
    Task<Reply> CancelTransferAsync(string id);

    /// <summary>Resolves a conflict copy the caller holds with merged content it uploaded: published as the file's next version, then the copy is removed.</summary>
    [Alias("MergeConflict"), ResponseTimeout("00:30:00")]
    Task<SaveReply> MergeConflictAsync(MergeRequest request);

    [Alias("ListFiles")]
    Task<ImmutableArray<FileDescriptor>> ListFilesAsync();

    /// <summary>Reads a chunk of a copy this peer holds, for its user to save or edit (the same rules as a peer's request).</summary>
    [Alias("ReadOwnChunk")]
    Task<ChunkReply> ReadChunkAsync(ChunkRequest request);

    [Alias("GetFolder")]
    Task<string?> GetFolderAsync();

    /// <summary>The Tracker.txt in this peer's folder, exactly as written there; null before the first push.</summary>
    [Alias("ReadTrackerText")]
    Task<string?> ReadTrackerTextAsync();
}

using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One peer (keyed by <c>{network}/{username}</c>): a server that answers other peers' file and chunk
/// requests from its folder, and a client that downloads, saves and updates files on its user's behalf.
/// </summary>
[Alias("OrleansP2P.IPeerGrain")]
public interface IPeerGrain : IGrainWithStringKey
{
    // --- set up by the tracker ---

    /// <summary>Stores the new peer's salted password hash and creates its folder.</summary>
    [Alias("Register")]
    Task<SignUpReply> RegisterAsync(SignUpRequest request);

    [Alias("VerifyPassword")]
    Task<bool> VerifyPasswordAsync(string password);

    /// <summary>Reads the folder, announces every file it holds and writes the latest Tracker.txt.</summary>
    [Alias("StartSession")]
    Task<RescanReply> StartSessionAsync(string sessionId);

    [Alias("EndSession")]
    Task EndSessionAsync();

    // --- server side: other peers ask ---

    [Alias("RequestFile")]
    Task<FileReply> RequestFileAsync(FileRequest request);

    [Alias("ReadChunk")]
    Task<ChunkReply> ReadChunkAsync(ChunkRequest request);

    /// <summary>A file grain delivers a new version; the peer pulls it from the source and replaces its copy or part.</summary>
    [Alias("ApplyUpdate"), ResponseTimeout("00:10:00")]
    Task<ApplyReply> ApplyUpdateAsync(VersionUpdate update);

    /// <summary>
    /// The tracker pushes its table. The peer links its Tracker.txt to the network's current table, or, where it
    /// cannot (or is configured not to), writes this version unless it already has a newer one. The reply tells
    /// the tracker whether later versions still need a push.
    /// </summary>
    [Alias("SyncTracker")]
    Task<TrackerFileLink> SyncTrackerAsync(TrackerSnapshot snapshot);

    // --- client side: the logged-in user asks ---

    [Alias("Download"), ResponseTimeout("00:30:00")]
    Task<DownloadReply> DownloadAsync(DownloadRequest request);

    [Alias("WriteUploadChunk")]
    Task<Reply> WriteUploadChunkAsync(UploadChunk chunk);

    [Alias("Save"), ResponseTimeout("00:30:00")]
    Task<SaveReply> SaveAsync(SaveRequest request);

    [Alias("Rescan"), ResponseTimeout("00:10:00")]
    Task<RescanReply> RescanAsync();

    [Alias("ListFiles")]
    Task<ImmutableArray<FileDescriptor>> ListFilesAsync();

    [Alias("GetFolder")]
    Task<string?> GetFolderAsync();

    /// <summary>The Tracker.txt in this peer's folder, exactly as written there; null before the first push.</summary>
    [Alias("ReadTrackerText")]
    Task<string?> ReadTrackerTextAsync();
}

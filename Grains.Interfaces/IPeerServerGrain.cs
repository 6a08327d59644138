using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One peer as a server (keyed by <c>{network}/{username}</c>): what other peers, file grains and the tracker ask
/// of it. It answers from its folder; nothing here acts on its user's behalf, so the portal never holds it.
/// </summary>
[Alias("OrleansP2P.IPeerServerGrain")]
public interface IPeerServerGrain : IGrainWithStringKey
{
    /// <summary>Deadlines of a few seconds: a frozen host must not hang a download for Orleans' long response time-out.</summary>
    [Alias("RequestFile"), ResponseTimeout("00:00:05")]
    Task<FileReply> RequestFileAsync(FileRequest request);

    [Alias("ReadChunk"), ResponseTimeout("00:00:05")]
    Task<ChunkReply> ReadChunkAsync(ChunkRequest request);

    /// <summary>
    /// The versions of a file whose whole bytes this peer can serve: its folder copy's (unless edited since) and those
    /// its history keeps. <see cref="ReadChunkAsync"/> serves each of them.
    /// </summary>
    [Alias("ListKeptVersions"), ResponseTimeout("00:00:05")]
    Task<ImmutableArray<long>> ListKeptVersionsAsync(string key);

    /// <summary>
    /// A file grain delivers a new version; the peer pulls it from the source and replaces its copy or part. The
    /// file grain waits only <c>P2P:DeliveryDeadline</c> for the reply (the holder stays pending after it); the long
    /// response time-out lets a big pull finish all the same.
    /// </summary>
    [Alias("ApplyUpdate"), ResponseTimeout("00:10:00")]
    Task<ApplyReply> ApplyUpdateAsync(VersionUpdate update);

    /// <summary>
    /// A file grain tells the peer that published <paramref name="current"/> that no holder is pending any more: its
    /// outgoing copies of the file up to that version go. A publisher whose own record fell behind (a crash between
    /// the file grain recording the version and the peer renaming it in) first takes the copy as its own.
    /// </summary>
    [Alias("ReleaseOutgoing"), ResponseTimeout("00:10:00")]
    Task ReleaseOutgoingAsync(VersionUpdate current);

    /// <summary>
    /// The tracker pushes its table. The peer links its Tracker.txt to the network's current table, or, where it
    /// cannot (or is configured not to), writes this version unless it already has a newer one. The reply tells
    /// the tracker whether later versions still need a push.
    /// </summary>
    [Alias("SyncTracker")]
    Task<TrackerFileLink> SyncTrackerAsync(TrackerSnapshot snapshot);

    /// <summary>
    /// Its home host reads the folder against the peer's record at start: signed in or not, edits are published or
    /// kept as conflict copies, new files announced, missing ones withdrawn, and every file held announced again.
    /// </summary>
    [Alias("ReconcileFolder"), ResponseTimeout("00:10:00")]
    Task<RescanReply> ReconcileFolderAsync();

    /// <summary>
    /// The host's watcher saw a change in the folder, or reads it periodically: as <see cref="ReconcileFolderAsync"/>,
    /// but only the files whose disk differs from the peer's record are sent to the network.
    /// </summary>
    [Alias("SyncFolder"), ResponseTimeout("00:10:00")]
    Task<RescanReply> SyncFolderAsync();

    /// <summary>
    /// The host's watcher saw changes to these entries of the folder: as <see cref="SyncFolderAsync"/>, but only these
    /// names (and the copies already held under their keys) are read, so a change costs the same in a folder of ten
    /// files as in one of ten thousand. A held file is withdrawn only when its own name is among them.
    /// </summary>
    [Alias("SyncNames"), ResponseTimeout("00:10:00")]
    Task<RescanReply> SyncNamesAsync(ImmutableArray<string> names);

    /// <summary>The host's watcher starts (again, after its silo went down): the peer names its folder to it.</summary>
    [Alias("WatchFolder")]
    Task WatchFolderAsync();
}

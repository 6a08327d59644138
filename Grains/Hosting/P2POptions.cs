using OrleansP2P.Protocol;

namespace OrleansP2P.Hosting;

/// <summary>The <c>P2P</c> configuration section (env <c>P2P__DataRoot</c>, …).</summary>
public sealed class P2POptions
{
    public const string Section = "P2P";

    /// <summary>Root of all peer folders of this host; relative paths are taken from the working directory.</summary>
    public string DataRoot { get; set; } = "data";

    /// <summary>
    /// The host (a machine with its own disk) this silo runs on. Unset: the name in the data root's marker, or, for a
    /// new data root, the machine name. A data root whose marker names another host makes the silo refuse to start.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// Test-only: every folder path a silo opens must lie under its own data root or a configured
    /// <see cref="PeerFolders"/> entry; any other path throws and is recorded (see <c>Storage.PeerFolders.Violations</c>).
    /// </summary>
    public bool GuardFolders { get; set; }

    /// <summary>Seed the spec's example (user1..user4, File1..File3) when the data root has no peers yet.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Content moves between peers in chunks of this size.</summary>
    public int ChunkSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>Files the peers bring into the network are cut into pieces of this size for their piece digests (docs/protocol.md).</summary>
    public int PieceSizeBytes { get; set; } = Protocol.PieceLayout.DefaultPieceSize;

    /// <summary>The largest file a peer accepts (413 above it).</summary>
    public long MaxFileSizeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// The most a peer's uploads and downloads in progress may hold in its work area (<c>.p2p/up-*</c>,
    /// <c>.p2p/in-*</c>) together; a chunk beyond it gets 507 and its upload is dropped.
    /// </summary>
    public long StagingBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How many replaced or removed versions of each file a holder keeps in <c>.p2p/history/</c>.</summary>
    public int KeepVersions { get; set; } = 5;

    /// <summary>The most a peer's version history may hold, in bytes; the oldest kept versions go first.</summary>
    public long HistoryBudget { get; set; } = 1L << 30;

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>PBKDF2 iterations of a stored password hash: slow on purpose (about 0.1 s a login on a small machine).</summary>
    public int PasswordHashIterations { get; set; } = Security.PeerPasswords.DefaultIterations;

    /// <summary>How often a file grain tries again to deliver an update to a holder it could not reach.</summary>
    public TimeSpan DeliveryRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a file grain waits for one holder to apply an update before it leaves that holder pending ("did not
    /// answer in time") and answers the others: a frozen host must not stall a fan-out for Orleans' long response
    /// time-out. The holder may still finish; the next attempt then finds it current.
    /// </summary>
    public TimeSpan DeliveryDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Tracker publication rounds start at least this long apart per registered peer, and at most a quarter second
    /// apart. A round renders the whole table (and pushes it to folders that do not follow the network's file), so
    /// the spacing grows with the network: a 4-peer network publishes at once, a 10,000-peer one at most four
    /// times a second, and whatever changes meanwhile rides along. A change after a quiet spell goes out at once.
    /// </summary>
    public TimeSpan TrackerRoundSpacingPerPeer { get; set; } = TimeSpan.FromTicks(250); // 25 µs

    /// <summary>
    /// How Tracker.txt is kept in peer folders. <see cref="TrackerFileLink.FollowsNetwork"/> (the default): a symbolic
    /// link to the network's one current table, so a round costs one write however many peers there are.
    /// <see cref="TrackerFileLink.PerVersion"/>: a regular file per folder (a hard link to one rendering per
    /// version where the file system allows, else a copy), for folders read where links do not resolve, such
    /// as a share mounted on another machine; a round then costs an operation per peer. A folder that cannot
    /// hold a symbolic link gets its own file either way.
    /// </summary>
    public TrackerFileLink TrackerFiles { get; set; } = TrackerFileLink.FollowsNetwork;

    /// <summary>Per-peer folder overrides, by username; a peer not listed gets <c>{DataRoot}/peers/{username}</c>.</summary>
    public Dictionary<string, string> PeerFolders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Watch every folder of the peers homed on this host (signed in or not), so an edit, a new file or a deletion
    /// made in the folder itself reaches the network at once. Off: only logins, rescans and the start read folders.
    /// </summary>
    public bool WatchFolders { get; set; } = true;

    /// <summary>How long a folder must be quiet after a change before the watcher reads it (an editor's save settles).</summary>
    public TimeSpan WatchQuietPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the watcher reads every folder whether or not it heard of a change: for file systems that give no
    /// events (NFS, FUSE), and to retry what a reading could not finish. A folder that looks as it did after its last
    /// reading (names, sizes, times) wakes no peer.
    /// </summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Names never shared, separated by <c>;</c> (<c>*</c> any characters, <c>?</c> one); see <c>Sync.IgnoredNames</c>.</summary>
    public string IgnorePatterns { get; set; } = Sync.IgnoredNames.DefaultPatterns;

    /// <summary>On stop (SIGTERM), how long running transfers may take to finish while new ones get 503.</summary>
    public TimeSpan ShutdownGrace { get; set; } = Diagnostics.TransferGate.DefaultGrace;

    public string FullDataRoot => Path.GetFullPath(DataRoot);
}

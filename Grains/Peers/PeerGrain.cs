using OrleansP2P.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Security;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>
/// A peer: server (<see cref="IPeerServerGrain"/>, PeerGrain.Server*.cs), client (<see cref="IPeerClientGrain"/>,
/// PeerGrain.Client*.cs) and account (<see cref="IPeerAccountGrain"/>, PeerGrain.Account.cs) at once, under one key. Reentrant, because while it downloads (client) other peers keep asking
/// it for chunks (server), and a file grain it announced to pushes the new Tracker.txt back to it. Its table
/// changes only between awaits, and state writes go through one serial writer.
/// </summary>
[Reentrant, HomeHostPlacement]
public sealed partial class PeerGrain(
    [PersistentState("peer", StorageNames.Metadata)] IPersistentState<PeerState> state,
    PeerFolders folders,
    ITrackerFileWriter trackerFiles,
    PeerPasswords passwords,
    PeerHomes homes,
    HostIdentity host,
    IOptions<P2POptions> options,
    ILogger<PeerGrain> logger) : Grain, IPeerServerGrain, IPeerClientGrain, IPeerAccountGrain
{
    private readonly SerialStateWriter<PeerState> _writer = new(state);
    private readonly P2POptions _options = options.Value;

    /// <summary>Keys with a download, save or update under way, so two never write the same file at once.</summary>
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);

    /// <summary>Peers found offline by the latest downloads, with the reason (for the 404 that names them).</summary>
    private readonly Dictionary<string, string> _offline = new(StringComparer.Ordinal);

    /// <summary>Keys whose new version a file grain tried to deliver while this peer was busy with them.</summary>
    private readonly HashSet<string> _deliveryWanted = new(StringComparer.Ordinal);

    private string Network => GrainKeys.Split(this.GetPrimaryKeyString()).Network;

    private string Username => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private PeerFolder Folder => folders.Open(state.State.Folder ?? folders.DefaultFolder(Network, Username));

    /// <summary>The key → file table, in buckets of its own (null until activation reads it: a peer not signed up has none).</summary>
    private PeerTable? _table;

    private ImmutableDictionary<string, HeldFile> Table => _table?.Rows ?? ImmutableDictionary<string, HeldFile>.Empty;

    /// <summary>Kept per activation, so the bytes it counted carry from one kept version to the next.</summary>
    private Sync.VersionHistory? _history;

    private Sync.VersionHistory History =>
        _history is { } history && history.FolderPath == Folder.Path
            ? history
            : _history = new(Folder, _options.KeepVersions, _options.HistoryBudget);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MoveLegacySessionAsync();
        await LoadTableAsync();
        if (state.State.IsRegistered && Folder.Exists)
        {
            if (Folder.SweepStaging() is > 0 and var swept)
            {
                logger.LogInformation("{Username} swept {Count} staged transfers left in its work area", LogText.Escape(Username), swept);
            }

            ResumeOutgoing();
            SweepStalePartials();
        }

        if (state.State.IsRegistered)
        {
            // Not awaited: the host's watcher may be the one calling (it asks its peers for their folders).
            _ = WatchFolderAsync().ContinueWith(
                t => logger.LogWarning(t.Exception, "{Username}'s folder is not watched until the host's next rescan", LogText.Escape(Username)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    private IFileGrain FileGrainOf(string key) => GrainFactory.GetFile(Network, key);

    /// <summary>
    /// File grains report changes to the tracker without waiting for the push to every folder; a peer that
    /// changed the network waits for exactly the tracker version its change produced (the file grain's reply says
    /// which) before it replies, so its caller finds every live host's Tracker.txt showing it. It waits on its own
    /// host, which the tracker tells after each round: the change climbs to the tracker once. No change, no call.
    /// </summary>
    private Task TrackerPublishedAsync(long trackerVersion) =>
        trackerVersion > 0
            ? GrainFactory.GetGrain<IHostTrackerGrain>(HomeHostPlacement.KeyOn(host.Name, Network)).AwaitPublishedAsync(trackerVersion)
            : Task.CompletedTask;

    /// <summary>Ends a transfer of <paramref name="key"/>; a delivery refused meanwhile is asked for again at once.</summary>
    private void Release(string key)
    {
        _busy.Remove(key);
        if (_deliveryWanted.Remove(key))
        {
            // Not awaited: the file grain may be waiting on a call of this peer's, and it takes turns.
            FileGrainOf(key).ResumeDeliveriesAsync().ContinueWith(
                t => logger.LogWarning(t.Exception, "{Username} could not ask again for {Key}", LogText.Escape(Username), key),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
        }
    }

    /// <summary>
    /// Why a client call is refused, or null: the peer must have a session, and a call made in one (the portal
    /// says which) only while that very session is open — logging out in one browser stops that browser at once.
    /// </summary>
    private string? RefuseClient()
    {
        if (!state.State.IsRegistered)
        {
            return $"There is no peer named {Username}.";
        }

        if (SessionContext.Current is { } session)
        {
            return PeerSessions.IsOpen(state.State.Sessions, session) ? null : $"This session of {Username} has ended; log in again.";
        }

        return state.State.Sessions.IsEmpty ? $"{Username} is not logged in." : null;
    }

    /// <summary>Reads the table's buckets (a peer signed up, or signing up now); rows an earlier version kept in the peer's state move into them.</summary>
    private async Task LoadTableAsync()
    {
        _table = new PeerTable(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata), this.GetGrainId());
        if (state.State.IsRegistered && await _table.LoadAsync(state.State.Table))
        {
            state.State.Table = ImmutableDictionary<string, HeldFile>.Empty;
            await _writer.WriteAsync();
        }
    }

    /// <summary>Records a copy, with the size and time the folder shows for it now; only its bucket of the table is written.</summary>
    /// <param name="readAtUtc">
    /// The time the folder showed when the bytes recorded were read (a scan); null: the time it shows now (the peer's
    /// own write). A scan must not take the time now: an edit made since it read the file would pass for the version it read.
    /// </param>
    private Task RememberAsync(FileDescriptor file, string storedName, DateTime? readAtUtc = null)
    {
        var lastWrite = readAtUtc ?? Folder.Find(storedName)?.LastWriteUtc ?? DateTime.UtcNow;
        return _table!.SetAsync(new HeldFile(file, storedName, lastWrite));
    }

    private Task ForgetAsync(string key) => _table!.RemoveAsync(key);
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;
using Orleans.Utilities;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker server of one network. Reentrant, because a login waits on the new peer's announcements,
/// which come back here as <see cref="RecordLocationAsync"/>; state writes go through a <see cref="SerialStateWriter{TState}"/>.
/// </summary>
[Reentrant]
public sealed class TrackerGrain(
    [PersistentState("tracker", StorageNames.Metadata)] IPersistentState<TrackerState> state,
    IOptions<P2POptions> options,
    PeerFolders folders,
    HomeAssignment homes,
    IPersistentStateFactory stateFactory,
    IGrainContext grainContext,
    ILogger<TrackerGrain> logger) : Grain, ITrackerGrain
{
    /// <summary>How long a watcher stays subscribed without renewing.</summary>
    public static readonly TimeSpan SubscriptionExpiry = TrackerSubscription.Expiry;

    private readonly SerialStateWriter<TrackerState> _writer = new(state);
    private readonly TrackerShards _shards = new(stateFactory, grainContext, StorageNames.Metadata);
    private int _peerCount;
    private readonly ObserverManager<ITrackerObserver> _observers = new(SubscriptionExpiry, logger);
    private TrackerSnapshot? _snapshot;
    private TrackerSnapshot? _lastRound;
    private (long Version, TaskCompletionSource Done)? _round;
    private TaskCompletionSource? _nextRound;
    private bool _publishing;
    private long _lastRoundStarted;

    /// <summary>
    /// Peers whose Tracker.txt links to the network's table (they said so when pushed to): a round reaches them by
    /// publishing that one file, without a call. Kept in memory; after a reactivation the first push asks again.
    /// </summary>
    private readonly HashSet<string> _followers = new(StringComparer.Ordinal);

    private string Network => this.GetPrimaryKeyString();

    private string NetworkRoot => folders.NetworkRoot(Network);

    /// <summary>See <see cref="P2POptions.TrackerRoundSpacingPerPeer"/>; at most a quarter second, which every login and download may wait.</summary>
    private TimeSpan RoundSpacing => SpacingFor(options.Value, _peerCount);

    private IEnumerable<string> Peers => _shards.All.SelectMany(s => s.Peers);

    private bool IsPeer(string username) => _shards.Of(username).Peers.Contains(username);

    private bool IsOnline(string username) => _shards.Of(username).Online.Contains(username);

    public async Task<SignUpReply> SignUpAsync(SignUpRequest request)
    {
        if (!Usernames.TryValidateNew(request.Username, out var nameError))
        {
            return new SignUpReply(P2PStatus.BadRequest, nameError, request.Username, null);
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length < options.Value.MinPasswordLength)
        {
            return new SignUpReply(P2PStatus.BadRequest, $"The password must have at least {options.Value.MinPasswordLength} characters.", request.Username, null);
        }

        if (IsPeer(request.Username))
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{request.Username}' is taken.", request.Username, null);
        }

        // The home host is fixed before the peer's grain first activates: placement puts it there and nowhere else.
        if (await homes.AssignAsync(GrainFactory, Network, request) is { } refused)
        {
            return refused;
        }

        var reply = await GrainFactory.GetPeerAccount(Network, request.Username).RegisterAsync(request);
        for (var retry = 0; reply.Status == P2PStatus.ServiceUnavailable && retry < 3; retry++)
        {
            reply = await GrainFactory.GetPeerAccount(Network, request.Username).RegisterAsync(request);
        }

        if (reply.Status != P2PStatus.Created)
        {
            return reply;
        }

        await homes.RecordAsync(GrainFactory, Network, request.Username);

        var shard = _shards.Of(request.Username);
        shard.Peers = shard.Peers.Add(request.Username);
        _peerCount++;
        await _shards.WriteAsync(request.Username);
        logger.LogInformation("Peer {Username} signed up in network {Network}, folder {Folder}", LogText.Escape(request.Username), LogText.Escape(Network), LogText.Escape(reply.Folder));

        // A new peer's folder gets the current table at once, like every other peer's.
        await SyncTrackerOfAsync(request.Username, await BuildSnapshotAsync());
        Notify($"{request.Username} joined the network");
        return reply;
    }

    public async Task<long> RecordPresenceAsync(string username, bool online)
    {
        var shard = _shards.Of(username);
        if (!shard.Peers.Contains(username) || shard.Online.Contains(username) == online)
        {
            return state.State.Version;
        }

        shard.Online = online ? shard.Online.Add(username) : shard.Online.Remove(username);
        await _shards.WriteAsync(username);
        Notify(online ? $"{username} logged in" : $"{username} logged out");
        return state.State.Version;
    }

    public async Task RecordLocationAsync(FileLocation location, string change, bool deliveriesPending)
    {
        state.State.PendingDeliveries = deliveriesPending
            ? state.State.PendingDeliveries.Add(location.Key)
            : state.State.PendingDeliveries.Remove(location.Key);
        var shard = _shards.Of(location.Key);
        var unchanged = shard.Files.TryGetValue(location.Key, out var known) && SameRows(known, location);
        shard.Files = location.WholeHolders.IsEmpty && location.Parts.All(p => p.Holders.IsEmpty)
            ? shard.Files.Remove(location.Key)
            : shard.Files.SetItem(location.Key, location);
        if (unchanged)
        {
            await Task.WhenAll(_shards.WriteAsync(location.Key), _writer.WriteAsync());

            // An edit changes a file's version but not its rows in Tracker.txt; watchers must still hear of it.
            if (known!.Version != location.Version)
            {
                Notify(change);
            }

            return;
        }

        state.State.Version++;
        state.State.UpdatedUtc = DateTimeOffset.UtcNow;
        state.State.LastChange = change;
        _snapshot = null;
        await Task.WhenAll(_shards.WriteAsync(location.Key), _writer.WriteAsync());

        // The reporting file grain does not wait for the round: it would hold every other announcement of its
        // file behind a push to all peers. Whoever needs the folders current waits in AwaitPublishedAsync.
        _ = NotifyWhenPublishedAsync(change);
    }

    /// <summary>Watchers hear of a change once every Tracker.txt shows it, so what they read then is current.</summary>
    private async Task NotifyWhenPublishedAsync(string change)
    {
        await PublishAsync();
        Notify(change);
    }

    public Task AwaitPublishedAsync() =>
        _lastRound?.Version >= state.State.Version ? Task.CompletedTask
        : _round is { } running && running.Version >= state.State.Version ? running.Done.Task
        : PublishAsync();

    public async Task ResumeDeliveriesAsync()
    {
        foreach (var key in state.State.PendingDeliveries)
        {
            try
            {
                await GrainFactory.GetFile(Network, key).ResumeDeliveriesAsync();
            }
            catch (Exception exception)
            {
                // The file grain keeps its pending list and its retry timer; this was only a wake-up call.
                logger.LogWarning(exception, "Could not resume deliveries of {Key} in network {Network}", key, Network);
            }
        }
    }

    public Task<TrackerSnapshot> GetSnapshotAsync() => BuildSnapshotAsync();

    public Task<ImmutableArray<PeerSummary>> ListPeersAsync() =>
        Task.FromResult(Peers.Order(StringComparer.Ordinal).Select(p => new PeerSummary(p, IsOnline(p))).ToImmutableArray());

    public Task<bool> IsOnlineAsync(string username) => Task.FromResult(IsOnline(username));

    public Task SubscribeAsync(ITrackerObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ITrackerObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A silo that stopped between recording a change and publishing it left an older table on disk; the peers
    /// that follow it would keep that until the next change.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MoveLegacyRecordsToShardsAsync();
        await MoveLegacySessionsToOnlineAsync();
        _peerCount = _shards.All.Sum(s => s.Peers.Count);
        if (options.Value.TrackerFiles == TrackerFileLink.FollowsNetwork && state.State.Version > 0)
        {
            try
            {
                await NetworkTrackerFile.PublishAsync(NetworkRoot, await BuildSnapshotAsync());
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(exception, "Could not publish tracker version {Version} of network {Network}", state.State.Version, Network);
            }
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Trackers written before the shards kept every record in one state. They move once, shards first, so a
    /// crash midway leaves the legacy copy to move again; adding the same records twice changes nothing.
    /// </summary>
    private async Task MoveLegacyRecordsToShardsAsync()
    {
        if (!state.State.HasLegacyRecords)
        {
            return;
        }

        foreach (var peer in state.State.LegacyPeers)
        {
            var shard = _shards.Of(peer);
            shard.Peers = shard.Peers.Add(peer);
        }

        // The sessions themselves were kept by the peers too; the tracker needs only who was online.
        foreach (var peer in state.State.LegacySessions.Keys)
        {
            var shard = _shards.Of(peer);
            shard.Online = shard.Online.Add(peer);
        }

        foreach (var (key, location) in state.State.LegacyFiles)
        {
            var shard = _shards.Of(key);
            shard.Files = shard.Files.SetItem(key, location);
        }

        await _shards.WriteAllAsync();
        logger.LogInformation(
            "Tracker of network {Network} moved {Peers} peers, {Sessions} sessions and {Files} files into {Shards} shards",
            Network, state.State.LegacyPeers.Count, state.State.LegacySessions.Count, state.State.LegacyFiles.Count, TrackerShards.Count);
        state.State.LegacyPeers = [];
        state.State.LegacySessions = ImmutableDictionary<string, string>.Empty;
        state.State.LegacyFiles = ImmutableDictionary<string, FileLocation>.Empty;
        await _writer.WriteAsync();
    }

    /// <summary>Shards written before the peers owned their sessions kept a session id per peer; only who was online stays.</summary>
    private async Task MoveLegacySessionsToOnlineAsync()
    {
        if (_shards.All.All(s => s.LegacySessions.IsEmpty))
        {
            return;
        }

        foreach (var shard in _shards.All)
        {
            shard.Online = shard.Online.Union(shard.LegacySessions.Keys);
            shard.LegacySessions = ImmutableDictionary<string, string>.Empty;
        }

        await _shards.WriteAllAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observers.Clear();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private void Notify(string message)
    {
        var networkEvent = new NetworkEvent(message, state.State.Version, DateTimeOffset.UtcNow);
        _observers.Notify(o => o.OnNetworkEventAsync(networkEvent));
    }

    /// <summary>
    /// Completes once every peer has been handed a table that includes every change made before the call.
    /// Changes that arrive while a round of pushes runs share the next round, so a storm of logins costs a
    /// few rounds, not one round per login; a caller on its own still waits for exactly one round.
    /// </summary>
    private Task PublishAsync()
    {
        _nextRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var included = _nextRound.Task;
        if (!_publishing)
        {
            _ = RunRoundsAsync();
        }

        return included;
    }

    private async Task RunRoundsAsync()
    {
        _publishing = true;
        try
        {
            while (_nextRound is { } round)
            {
                // Rounds are spaced out, counted from the start of the last one even when the loop went idle in
                // between (a quick round leaves it idle often): every change that arrives meanwhile rides along,
                // so a storm costs a few rounds a second whatever its size, and each Tracker.txt changes as often.
                if (_lastRoundStarted != 0 && RoundSpacing - Stopwatch.GetElapsedTime(_lastRoundStarted) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                _lastRoundStarted = Stopwatch.GetTimestamp();
                // From here on, new changes wait for the round after this one.
                _nextRound = null;
                _round = (state.State.Version, round);
                var snapshot = await BuildSnapshotAsync();
                await PushToAllPeersAsync(snapshot);
                _lastRound = snapshot;
                _round = null;
                round.SetResult();
            }
        }
        finally
        {
            _publishing = false;
        }
    }

    /// <summary>
    /// Every peer — online or not — keeps a current Tracker.txt in its folder. Publishing the network's table brings
    /// every following folder up to date at once; the rest get a push, and skip versions older than theirs.
    /// </summary>
    private async Task PushToAllPeersAsync(TrackerSnapshot snapshot)
    {
        if (options.Value.TrackerFiles == TrackerFileLink.FollowsNetwork)
        {
            try
            {
                await NetworkTrackerFile.PublishAsync(NetworkRoot, snapshot);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Followers keep the previous version until a later round can write; nobody else is held up.
                _followers.Clear();
                logger.LogWarning(exception, "Could not publish tracker version {Version} of network {Network}", snapshot.Version, Network);
            }
        }

        var pushes = Peers.Where(p => !_followers.Contains(p)).Select(username => SyncTrackerOfAsync(username, snapshot));
        await Task.WhenAll(pushes);
    }

    /// <summary>Hands one peer a version and remembers whether it follows the network's table from now on.</summary>
    private async Task SyncTrackerOfAsync(string username, TrackerSnapshot snapshot)
    {
        try
        {
            if (await GrainFactory.GetPeerServer(Network, username).SyncTrackerAsync(snapshot) == TrackerFileLink.FollowsNetwork)
            {
                _followers.Add(username);
            }
            else
            {
                _followers.Remove(username);
            }
        }
        catch (Exception exception)
        {
            // One unreachable folder must not stop the others; that peer catches up at its next push or login.
            _followers.Remove(username);
            logger.LogWarning(exception, "Could not push tracker version {Version} to {Username}", snapshot.Version, LogText.Escape(username));
        }
    }

    /// <summary>
    /// The newest table that went out to every peer, for a peer that needs its copy now (a login). Every change
    /// since is already on its way in a round that includes this peer, so building a table per login — a sort of
    /// every row, thousands of times in a storm — would buy nothing.
    /// </summary>
    private Task<TrackerSnapshot> LatestPushedAsync() =>
        _snapshot is { } built && built.Version == state.State.Version ? Task.FromResult(built)
        : _lastRound is { } pushed ? Task.FromResult(pushed)
        : BuildSnapshotAsync();

    private static TimeSpan SpacingFor(P2POptions options, int peers) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond / 4, options.TrackerRoundSpacingPerPeer.Ticks * peers));

    /// <summary>
    /// The table at the current version. Sorting 100,000 rows takes long enough to hold up every announcement
    /// waiting for this activation, so it runs on the thread pool over the shards' immutable dictionaries, taken
    /// as they are now; changes that arrive meanwhile belong to the next version.
    /// </summary>
    private async Task<TrackerSnapshot> BuildSnapshotAsync()
    {
        if (_snapshot is { } cached && cached.Version == state.State.Version)
        {
            return cached;
        }

        var (version, updated, change) = (state.State.Version, state.State.UpdatedUtc, state.State.LastChange);
        var files = _shards.All.Select(s => s.Files).ToArray();
        var snapshot = await Task.Run(() => new TrackerSnapshot(version, updated, [.. TrackerRows.Of(files.SelectMany(f => f.Values))], change));
        if (state.State.Version == version)
        {
            _snapshot = snapshot;
        }

        return snapshot;
    }

    private static bool SameRows(FileLocation a, FileLocation b) =>
        TrackerRows.Of([a]).SequenceEqual(TrackerRows.Of([b]), TrackerRowComparer.Instance);
}

using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker server of one network: it coordinates. Records are kept in memory by <see cref="TrackerShards"/> and
/// stored by the 64 <see cref="ITrackerShardGrain"/>s, the table is
/// built by <see cref="TrackerTable"/>, rounds are timed by <see cref="PublicationRounds"/> and carried out by
/// <see cref="TrackerPush"/>. Reentrant, so announcements keep arriving while a round runs; state writes go
/// through a <see cref="SerialStateWriter{TState}"/>.
/// </summary>
[Reentrant]
public sealed class TrackerGrain(
    [PersistentState("tracker", StorageNames.Metadata)] IPersistentState<TrackerState> state,
    IOptions<P2POptions> options,
    HomeAssignment homes,
    TrackerOnEveryHost hostTrackers,
    ILogger<TrackerGrain> logger) : Grain, ITrackerGrain
{
    private readonly SerialStateWriter<TrackerState> _writer = new(state);
    private readonly TrackerWatchers _watchers = new(logger);

    // Made at activation, when the grain's key and factory are known.
    private TrackerShards _shards = null!;
    private TrackerTable _table = null!;
    private TrackerPush _push = null!;
    private PublicationRounds _rounds = null!;

    private string Network => this.GetPrimaryKeyString();

    public async Task<SignUpReply> SignUpAsync(SignUpRequest request)
    {
        if (SignUpRules.Refuse(request, options.Value.MinPasswordLength) is { } invalid)
        {
            return invalid;
        }

        if (_shards.HasPeer(request.Username))
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{request.Username}' is taken.", request.Username, null);
        }

        // The home host is fixed before the peer's grain first activates: placement puts it there and nowhere else.
        if (await homes.AssignAsync(GrainFactory, Network, request) is { } refused)
        {
            return refused;
        }

        var reply = await SignUpRules.RegisterAsync(GrainFactory, Network, request);
        if (reply.Status != P2PStatus.Created)
        {
            return reply;
        }

        await homes.RecordAsync(GrainFactory, Network, request.Username);
        await _shards.AddPeerAsync(request.Username);
        logger.LogInformation("Peer {Username} signed up in network {Network}, folder {Folder}", LogText.Escape(request.Username), LogText.Escape(Network), LogText.Escape(reply.Folder));

        // A new peer's folder gets the current table at once, like every other peer's.
        await _push.SyncAsync(request.Username, Snapshot());
        Notify($"{request.Username} joined the network");
        return reply;
    }

    public async Task<long> RecordPresenceAsync(string username, bool online)
    {
        if (_shards.SetOnline(username, online))
        {
            await _shards.WritePeerAsync(username);
            Notify(online ? $"{username} logged in" : $"{username} logged out");
            ReportSessions();
        }

        return state.State.Version;
    }

    public async Task<long> RecordLocationAsync(FileLocation location, string change, bool deliveriesPending)
    {
        var pending = state.State.PendingDeliveries;
        state.State.PendingDeliveries = deliveriesPending ? pending.Add(location.Key) : pending.Remove(location.Key);
        // The tracker keeps what Tracker.txt and the holders' lists need: a piece layout is the file grain's to answer.
        location = location with { Pieces = null };
        var known = _shards.SetLocation(location);
        var edited = known is not null && known.Version != location.Version;
        if (known is not null && TrackerTable.SameRows(known, location))
        {
            if (edited)
            {
                _table.Changed(location.Key);
            }

            // The tracker's own state changes here only if the file's deliveries did: SQLite has one writer, and an
            // edit need not queue a write of a state it left as it was.
            await (ReferenceEquals(pending, state.State.PendingDeliveries)
                ? _shards.WriteFileAsync(location.Key)
                : Task.WhenAll(_shards.WriteFileAsync(location.Key), _writer.WriteAsync()));

            // An edit changes a file's version but not its rows in Tracker.txt; watchers must still hear of it.
            if (edited)
            {
                Notify(change);
            }

            return 0;
        }

        _table.Changed(location.Key);
        var version = ++state.State.Version;
        state.State.UpdatedUtc = DateTimeOffset.UtcNow;
        state.State.LastChange = change;
        await Task.WhenAll(_shards.WriteFileAsync(location.Key), _writer.WriteAsync());

        // The reporting file grain does not wait for the round: it would hold every other announcement of its
        // file behind a push to all peers. Whoever needs the folders current waits for this version.
        _rounds.Changed(version);
        _ = _watchers.NotifyWhenPublishedAsync(_rounds.WaitForAsync(version), change, () => state.State.Version);
        return version;
    }

    public Task AwaitPublishedAsync(long version) => _rounds.WaitForAsync(Math.Min(version, state.State.Version));

    public Task ResumeDeliveriesAsync() => DeliveryWakeUp.WakeAsync(GrainFactory, Network, state.State.PendingDeliveries, logger);

    public Task<TrackerSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<ImmutableArray<PeerSummary>> ListPeersAsync() =>
        Task.FromResult(_shards.Peers.Order(StringComparer.Ordinal).Select(p => new PeerSummary(p, _shards.IsOnline(p))).ToImmutableArray());

    public Task<bool> IsOnlineAsync(string username) => Task.FromResult(_shards.IsOnline(username));

    public Task SubscribeAsync(ITrackerObserver observer)
    {
        _watchers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ITrackerObserver observer)
    {
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A silo that stopped between recording a change and publishing it left an older table on disk; the peers
    /// that follow it would keep that until the next change, so the stored version is published again.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shards = new TrackerShards(GrainFactory, Network);
        await _shards.LoadAsync();
        state.State.InShardGrains |= !state.RecordExists;
        if (!state.State.InShardGrains)
        {
            var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
            await TrackerMigration.MoveAsync(state.State, _shards, storage, this.GetGrainId(), logger, Network);
            await _writer.WriteAsync();
        }

        _table = new TrackerTable(_shards.All.SelectMany(s => s.Files.Values), _shards.LocationOf);
        _push = new TrackerPush(GrainFactory, Network, hostTrackers, logger);
        _rounds = new PublicationRounds(PublishRoundAsync, () => PublicationRounds.SpacingFor(options.Value.TrackerRoundSpacingPerPeer, _shards.PeerCount));
        ReportSessions();
        if (state.State.Version > 0 && await _push.TryPublishAsync(Snapshot()))
        {
            _rounds.StartFrom(state.State.Version);
            await _push.AnnounceAsync(state.State.Version);
        }

        // Every host has this whole table now (or, having missed it, fetches it at the first round's changes).
        _table.Sent(state.State.Version);

        await base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _watchers.Clear();
        Metrics.ReportSessions(Network, 0);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>One round: the table's changes since the last round, to every host; returns the version it published.</summary>
    private async Task<long> PublishRoundAsync()
    {
        var started = P2PMetrics.Timestamp();
        var version = state.State.Version;
        try
        {
            var changes = _table.TakeChanges(version, state.State.UpdatedUtc);
            await _push.PushAsync(changes, Snapshot, _shards.Peers);
            Metrics.TrackerRound(P2PMetrics.Since(started), _table.Count);
            return changes.Version;
        }
        catch (Exception exception)
        {
            // The peers waiting on their hosts fail now, like the waits here; they do not wait for their patience.
            await _push.AnnounceAsync(version, exception);
            throw;
        }
    }

    private void Notify(string message) => _watchers.Notify(message, state.State.Version);

    private P2PMetrics Metrics => ServiceProvider.GetRequiredService<P2PMetrics>();

    private void ReportSessions() => Metrics.ReportSessions(Network, _shards.OnlineCount);

    private TrackerSnapshot Snapshot() => _table.Build(state.State.Version, state.State.UpdatedUtc, state.State.LastChange);
}

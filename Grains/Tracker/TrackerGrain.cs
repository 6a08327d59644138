using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Security;
using OrleansP2P.Storage;
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
    PeerPasswords passwords,
    ILogger<TrackerGrain> logger) : Grain, ITrackerGrain
{
    private const string InvalidCredentials = "Invalid username or password";

    /// <summary>How long a watcher stays subscribed without renewing.</summary>
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromMinutes(2);

    private readonly SerialStateWriter<TrackerState> _writer = new(state);
    private readonly ObserverManager<ITrackerObserver> _observers = new(SubscriptionExpiry, logger);
    private TrackerSnapshot? _snapshot;
    private TrackerSnapshot? _lastRound;
    private (long Version, TaskCompletionSource Done)? _round;
    private TaskCompletionSource? _nextRound;
    private bool _publishing;

    private string Network => this.GetPrimaryKeyString();

    /// <summary>See <see cref="P2POptions.TrackerRoundSpacingPerPeer"/>; at most a quarter second, which every login and download may wait.</summary>
    private TimeSpan RoundSpacing => SpacingFor(options.Value, state.State.Peers.Count);

    public async Task<SignUpReply> SignUpAsync(SignUpRequest request)
    {
        if (!Usernames.TryValidate(request.Username, out var nameError))
        {
            return new SignUpReply(P2PStatus.BadRequest, nameError, request.Username, null);
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length < options.Value.MinPasswordLength)
        {
            return new SignUpReply(P2PStatus.BadRequest, $"The password must have at least {options.Value.MinPasswordLength} characters.", request.Username, null);
        }

        if (state.State.Peers.Contains(request.Username))
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{request.Username}' is taken.", request.Username, null);
        }

        var reply = await GrainFactory.GetPeer(Network, request.Username).RegisterAsync(request);
        if (reply.Status != P2PStatus.Created)
        {
            return reply;
        }

        state.State.Peers = state.State.Peers.Add(request.Username);
        await _writer.WriteAsync();
        logger.LogInformation("Peer {Username} signed up in network {Network}, folder {Folder}", request.Username, Network, reply.Folder);

        // A new peer's folder gets the current table at once, like every other peer's.
        await GrainFactory.GetPeer(Network, request.Username).SyncTrackerAsync(BuildSnapshot());
        Notify($"{request.Username} joined the network");
        return reply;
    }

    public async Task<LoginReply> LogInAsync(LoginRequest request)
    {
        var known = Usernames.IsValid(request.Username) && state.State.Peers.Contains(request.Username);
        var verified = known
            ? await GrainFactory.GetPeer(Network, request.Username).VerifyPasswordAsync(request.Password ?? "")
            : passwords.VerifyUnknown(request.Password ?? "");
        if (!verified)
        {
            logger.LogInformation("Login refused for {Username} in network {Network}: {Why}", request.Username, Network, known ? "wrong password" : "unknown user");
            return new LoginReply(P2PStatus.Unauthorized, InvalidCredentials, request.Username, null, state.State.Version);
        }

        // Logging in again (another browser, a script) joins the session the peer already has.
        var sessionId = state.State.Sessions.GetValueOrDefault(request.Username) ?? Guid.NewGuid().ToString("N");
        state.State.Sessions = state.State.Sessions.SetItem(request.Username, sessionId);
        await _writer.WriteAsync();

        // The peer reads its folder and announces each file; every change comes back through
        // RecordLocationAsync, which pushes the new table to every peer. Then the new peer gets the latest.
        var peer = GrainFactory.GetPeer(Network, request.Username);
        var scan = await peer.StartSessionAsync(sessionId);
        await peer.SyncTrackerAsync(LatestPushed());
        logger.LogInformation("Peer {Username} logged in to network {Network} with {Count} files", request.Username, Network, scan.Held.Length);
        Notify($"{request.Username} logged in");
        return new LoginReply(P2PStatus.Ok, "OK", request.Username, sessionId, state.State.Version);
    }

    public async Task<Reply> LogOutAsync(string username)
    {
        if (!state.State.Sessions.ContainsKey(username))
        {
            return Reply.Fail(P2PStatus.NotFound, $"{username} is not logged in.");
        }

        state.State.Sessions = state.State.Sessions.Remove(username);
        await _writer.WriteAsync();
        await GrainFactory.GetPeer(Network, username).EndSessionAsync();
        Notify($"{username} logged out");
        return Reply.Ok($"{username} logged out.");
    }

    public async Task RecordLocationAsync(FileLocation location, string change, bool deliveriesPending)
    {
        state.State.PendingDeliveries = deliveriesPending
            ? state.State.PendingDeliveries.Add(location.Key)
            : state.State.PendingDeliveries.Remove(location.Key);
        var files = state.State.Files;
        var unchanged = files.TryGetValue(location.Key, out var known) && SameRows(known, location);
        state.State.Files = location.WholeHolders.IsEmpty && location.Parts.All(p => p.Holders.IsEmpty)
            ? files.Remove(location.Key)
            : files.SetItem(location.Key, location);
        if (unchanged)
        {
            await _writer.WriteAsync();

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
        await _writer.WriteAsync();

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

    public Task<TrackerSnapshot> GetSnapshotAsync() => Task.FromResult(BuildSnapshot());

    public Task<ImmutableArray<PeerSummary>> ListPeersAsync() =>
        Task.FromResult(state.State.Peers.Select(p => new PeerSummary(p, state.State.Sessions.ContainsKey(p))).ToImmutableArray());

    public Task<bool> IsOnlineAsync(string username) => Task.FromResult(state.State.Sessions.ContainsKey(username));

    public Task<string?> GetSessionAsync(string username) => Task.FromResult(state.State.Sessions.GetValueOrDefault(username));

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
            var started = long.MinValue;
            while (_nextRound is { } round)
            {
                // Back-to-back rounds are spaced out: every change that arrives meanwhile rides along, so a storm
                // costs a few rounds a second whatever its size, and each peer's Tracker.txt changes as often.
                if (started != long.MinValue && RoundSpacing - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                started = Stopwatch.GetTimestamp();
                // From here on, new changes wait for the round after this one.
                _nextRound = null;
                var snapshot = BuildSnapshot();
                _round = (snapshot.Version, round);
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

    /// <summary>Every peer — online or not — keeps a current Tracker.txt in its folder; peers skip versions older than theirs.</summary>
    private async Task PushToAllPeersAsync(TrackerSnapshot snapshot)
    {
        var pushes = state.State.Peers.Select(async username =>
        {
            try
            {
                await GrainFactory.GetPeer(Network, username).SyncTrackerAsync(snapshot);
            }
            catch (Exception exception)
            {
                // One unreachable folder must not stop the others; that peer catches up at its next push or login.
                logger.LogWarning(exception, "Could not push tracker version {Version} to {Username}", snapshot.Version, username);
            }
        });
        await Task.WhenAll(pushes);
    }

    /// <summary>
    /// The newest table that went out to every peer, for a peer that needs its copy now (a login). Every change
    /// since is already on its way in a round that includes this peer, so building a table per login — a sort of
    /// every row, thousands of times in a storm — would buy nothing.
    /// </summary>
    private TrackerSnapshot LatestPushed() =>
        _snapshot is { } built && built.Version == state.State.Version ? built
        : _lastRound is { } pushed ? pushed
        : BuildSnapshot();

    private static TimeSpan SpacingFor(P2POptions options, int peers) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond / 4, options.TrackerRoundSpacingPerPeer.Ticks * peers));

    private TrackerSnapshot BuildSnapshot() =>
        _snapshot is { } cached && cached.Version == state.State.Version
            ? cached
            : _snapshot = new TrackerSnapshot(
                state.State.Version,
                state.State.UpdatedUtc,
                [.. TrackerRows.Of(state.State.Files.Values)],
                state.State.LastChange);

    private static bool SameRows(FileLocation a, FileLocation b) =>
        TrackerRows.Of([a]).SequenceEqual(TrackerRows.Of([b]), TrackerRowComparer.Instance);
}

using System.Collections.Immutable;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Components.Live;

namespace OrleansP2P.WebPortal.Session;

/// <summary>
/// One circuit's view of its user's peer (a scoped service: Blazor Server gives each circuit its own):
/// who the user is, one tracker subscription shared by every page of the circuit, the files and peers as of
/// the last refresh, and the actions a page offers. Events that arrive while a refresh runs are merged into
/// one more refresh; pages only render what <see cref="Changed"/> tells them.
/// </summary>
public sealed class PeerSession(AuthenticationStateProvider authentication, IServiceProvider services, IGrainFactory grains, ILogger<PeerSession> logger)
    : IAsyncDisposable
{
    private const int ActivityShown = 8;

    private readonly Lock _gate = new();
    private readonly List<NetworkEvent> _activity = [];
    private readonly Dictionary<string, TransferState> _downloads = new(StringComparer.Ordinal);
    private Task<CurrentPeer?>? _me;
    private Task? _watching;
    private TrackerWatch? _watch;
    private Task _refreshing = Task.CompletedTask;
    private bool _again;
    private bool _disposed;
    private string? _refreshProblem;
    private string? _subscribeProblem;

    /// <summary>Raised after every refresh and every progress report; handlers re-render (on their own dispatcher).</summary>
    public event Func<Task>? Changed;

    /// <summary>Raised for each network event, before the refresh it causes.</summary>
    public event Func<NetworkEvent, Task>? EventArrived;

    public CurrentPeer? Me { get; private set; }

    /// <summary>False until the tracker subscription is made; stays false when it could not be.</summary>
    public bool IsLive { get; private set; }

    /// <summary>What keeps the view from being current, for the page to show; null when all is well.</summary>
    public string? Problem => _refreshProblem ?? _subscribeProblem;

    public long TrackerVersion { get; private set; }

    public ImmutableArray<FileDescriptor> MyFiles { get; private set; } = [];

    public ImmutableArray<NetworkFile> NetworkFiles { get; private set; } = [];

    public IReadOnlySet<string> HeldWhole { get; private set; } = new HashSet<string>();

    public ImmutableArray<Hosts.PeerPresence> Peers { get; private set; } = [];

    public IReadOnlyList<NetworkEvent> Activity => _activity;

    public IReadOnlyDictionary<string, TransferState> Downloads => _downloads;

    /// <summary>Finds the user (once per circuit) and loads the first view.</summary>
    public async Task<CurrentPeer?> StartAsync()
    {
        Me = await (_me ??= CurrentPeer.FromAsync(authentication, services));
        await RefreshAsync();
        return Me;
    }

    /// <summary>Subscribes to the tracker once per circuit, however many pages ask; call it from a live circuit only.</summary>
    public Task WatchAsync() => _watching ??= SubscribeAsync();

    /// <summary>Loads files, table and peers; a call while a load runs makes that load run once more, not twice.</summary>
    public Task RefreshAsync()
    {
        lock (_gate)
        {
            if (!_refreshing.IsCompleted)
            {
                _again = true;
                return _refreshing;
            }

            _refreshing = RefreshLoopAsync();
            return _refreshing;
        }
    }

    /// <summary>Fetches the file into the user's folder, reporting progress in <see cref="Downloads"/>.</summary>
    public async Task<DownloadReply?> DownloadAsync(NetworkFile file)
    {
        if (Me is null || !_downloads.TryAdd(file.Name, TransferState.Starting))
        {
            return null;
        }

        using var progress = new TransferWatch(grains, (name, received, total) =>
        {
            // A late report for a finished download finds no entry and changes nothing.
            if (!_downloads.ContainsKey(name))
            {
                return Task.CompletedTask;
            }

            _downloads[name] = new TransferState(received, total);
            return RaiseChangedAsync();
        });
        try
        {
            return await Me.Peer.DownloadAsync(new DownloadRequest(file.Name, progress.Reference));
        }
        finally
        {
            _downloads.Remove(file.Name);
            await RefreshAsync();
        }
    }

    public async Task<RescanReply?> RescanAsync()
    {
        if (Me is null)
        {
            return null;
        }

        try
        {
            return await Me.Peer.RescanAsync();
        }
        finally
        {
            await RefreshAsync();
        }
    }

    private async Task SubscribeAsync()
    {
        if (await StartAsync() is not { } me)
        {
            return;
        }

        try
        {
            var watch = await TrackerWatch.StartAsync(grains, me.Tracker, OnNetworkEventAsync, logger);
            if (_disposed)
            {
                // The circuit ended while the subscription was being made: nobody else would ever end it.
                await watch.DisposeAsync();
                return;
            }

            _watch = watch;
            IsLive = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The pages still work without live updates; a reload tries again.
            logger.LogWarning(exception, "Subscribing to the tracker failed");
            _subscribeProblem = $"Live updates are unavailable ({exception.Message}); reload the page to try again.";
        }

        // Whatever happened between the first load and the subscription is picked up here.
        await RefreshAsync();
    }

    /// <summary>
    /// Whether the user's own action caused the event: its result already had its toast on this page. Events name
    /// their actor first ("user4 updated File3.txt to version 2").
    /// </summary>
    public bool IsOwn(NetworkEvent networkEvent) =>
        Me is { } me && networkEvent.Message.StartsWith(me.Username + " ", StringComparison.Ordinal);

    private async Task OnNetworkEventAsync(NetworkEvent networkEvent)
    {
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            _activity.Insert(0, networkEvent);
            if (_activity.Count > ActivityShown)
            {
                _activity.RemoveAt(_activity.Count - 1);
            }
        }

        if (EventArrived is { } arrived)
        {
            await arrived(networkEvent);
        }

        await RefreshAsync();
    }

    private async Task RefreshLoopAsync()
    {
        do
        {
            lock (_gate)
            {
                _again = false;
            }

            await LoadAsync();
        }
        while (Again());

        await RaiseChangedAsync();
    }

    private bool Again()
    {
        lock (_gate)
        {
            return _again && !_disposed;
        }
    }

    private async Task LoadAsync()
    {
        if (Me is null)
        {
            return;
        }

        try
        {
            var files = Me.Peer.ListFilesAsync();
            var snapshot = Me.Tracker.GetSnapshotAsync();
            var peers = Me.Presence.ListPeersAsync();
            await Task.WhenAll(files, snapshot, peers);
            MyFiles = files.Result;
            HeldWhole = MyFiles.Where(f => f.IsWhole).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            NetworkFiles = NetworkFile.From(snapshot.Result);
            TrackerVersion = snapshot.Result.Version;
            Peers = peers.Result;
            _refreshProblem = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Refreshing the peer's view failed");
            _refreshProblem = $"Could not refresh: {exception.Message}";
        }
    }

    private Task RaiseChangedAsync() =>
        Changed is { } changed && !_disposed
            ? Task.WhenAll(changed.GetInvocationList().Cast<Func<Task>>().Select(handler => handler()))
            : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }
    }
}

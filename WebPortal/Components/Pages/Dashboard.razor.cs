using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Components.Live;

namespace OrleansP2P.WebPortal.Components.Pages;

/// <summary>
/// The signed-in peer's view of the network: its files, the tracker's files, the peers, and what just happened.
/// Everything on it follows the tracker's live events; nothing polls.
/// </summary>
public sealed partial class Dashboard
{
    private const int ActivityShown = 8;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Portal { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<Dashboard> Logger { get; set; } = default!;

    private CurrentPeer? _me;
    private TrackerWatch? _watch;
    private bool _interactive;
    private bool _disposed;
    private bool _rescanning;
    private int _loads;
    private long _trackerVersion;
    private ImmutableArray<FileDescriptor> _myFiles = [];
    private ImmutableArray<NetworkFile> _networkFiles = [];
    private ImmutableArray<PeerSummary> _peers = [];
    private HashSet<string> _heldWhole = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TransferState> _downloads = new(StringComparer.Ordinal);
    private readonly List<NetworkEvent> _activity = [];

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentPeer.FromAsync(Authentication, Services);
        await RefreshAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only a live circuit gets here; prerendering never subscribes a watcher it could not dispose.
        if (!firstRender || _me is null)
        {
            return;
        }

        _watch = await WatchAsync(_me);
        if (_disposed)
        {
            return;
        }

        // Whatever happened between the first load and the subscription is picked up here.
        await RefreshAsync();
        _interactive = true;
        StateHasChanged();
    }

    private async Task<TrackerWatch?> WatchAsync(CurrentPeer me)
    {
        TrackerWatch watch;
        try
        {
            watch = await TrackerWatch.StartAsync(Grains, me.Tracker, OnNetworkEventAsync, Logger);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The page still works without live updates; a reload tries again.
            Logger.LogWarning(exception, "Subscribing to the tracker failed");
            Snackbar.Add($"Live updates are unavailable ({exception.Message}); reload the page to try again.", Severity.Warning);
            return null;
        }

        if (_disposed)
        {
            // The user left while the subscription was being made: nobody else would ever end it.
            await watch.DisposeAsync();
            return null;
        }

        return watch;
    }

    private Task OnNetworkEventAsync(NetworkEvent networkEvent) => _disposed ? Task.CompletedTask : InvokeAsync(async () =>
    {
        _activity.Insert(0, networkEvent);
        if (_activity.Count > ActivityShown)
        {
            _activity.RemoveAt(_activity.Count - 1);
        }

        Snackbar.Add(networkEvent.Message, Severity.Info);
        await RefreshAsync();
        StateHasChanged();
    });

    /// <summary>Loads the three views at once. Events can overlap; only the newest load's results are shown.</summary>
    private async Task RefreshAsync()
    {
        if (_me is null)
        {
            return;
        }

        var load = ++_loads;
        try
        {
            var files = _me.Peer.ListFilesAsync();
            var snapshot = _me.Tracker.GetSnapshotAsync();
            var peers = _me.Tracker.ListPeersAsync();
            await Task.WhenAll(files, snapshot, peers);
            if (load != _loads)
            {
                return;
            }

            _myFiles = files.Result;
            _heldWhole = _myFiles.Where(f => f.IsWhole).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            _networkFiles = NetworkFile.From(snapshot.Result);
            _trackerVersion = snapshot.Result.Version;
            _peers = peers.Result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning(exception, "Refreshing the dashboard failed");
            Snackbar.Add($"Could not refresh: {exception.Message}", Severity.Warning);
        }
    }

    private async Task DownloadAsync(NetworkFile file)
    {
        if (_me is null || !_downloads.TryAdd(file.Name, TransferState.Starting))
        {
            return;
        }

        using var progress = new TransferWatch(Grains, (name, received, total) => InvokeAsync(() =>
        {
            // A late report for a finished download finds no entry and changes nothing.
            if (_downloads.ContainsKey(name))
            {
                _downloads[name] = new TransferState(received, total);
                StateHasChanged();
            }
        }));
        try
        {
            var reply = await _me.Peer.DownloadAsync(new DownloadRequest(file.Name, progress.Reference));
            switch (reply.Status)
            {
                case P2PStatus.Ok when reply.ServedBy.Length > 0:
                    Snackbar.Add($"Downloaded {file.Name} from {string.Join(" and ", reply.ServedBy)}", Severity.Success);
                    break;
                case P2PStatus.Ok:
                    Snackbar.Add(reply.Reason, Severity.Info);
                    break;
                case P2PStatus.NotFound:
                    Snackbar.Add($"No peer has {file.Name}", Severity.Error);
                    break;
                default:
                    Snackbar.Add($"{(int)reply.Status} · {reply.Reason}", Severity.Error);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning(exception, "Downloading {Name} failed", LogText.Escape(file.Name));
            Snackbar.Add($"Downloading {file.Name} failed: {exception.Message}", Severity.Error);
        }
        finally
        {
            _downloads.Remove(file.Name);
        }

        await RefreshAsync();
    }

    private async Task EditAsync(FileDescriptor file)
    {
        if (_me is null)
        {
            return;
        }

        var parameters = new DialogParameters<EditFileDialog>
        {
            { d => d.Peer, _me.Peer },
            { d => d.Username, _me.Username },
            { d => d.File, file },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<EditFileDialog>($"Edit {file.Name}", parameters, options);
        if (await dialog.Result is { Canceled: false, Data: SaveReply { File: { } saved } reply })
        {
            Snackbar.Add($"Saved {saved.Name} as version {saved.Version}; {reply.HoldersUpdated} other holder(s) updated", Severity.Success);
            await RefreshAsync();
        }
    }

    private async Task RescanAsync()
    {
        if (_me is null)
        {
            return;
        }

        _rescanning = true;
        try
        {
            var reply = await _me.Peer.RescanAsync();
            Snackbar.Add($"Rescanned your folder: {reply.Held.Length} file(s) shared", reply.IsSuccess() ? Severity.Success : Severity.Warning);
            foreach (var problem in reply.Problems)
            {
                Snackbar.Add(problem, Severity.Warning);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Logger.LogWarning(exception, "Rescanning failed");
            Snackbar.Add($"Rescanning failed: {exception.Message}", Severity.Error);
        }
        finally
        {
            _rescanning = false;
        }

        await RefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Bulk;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Components.History;
using OrleansP2P.WebPortal.Session;

namespace OrleansP2P.WebPortal.Components.Pages;

/// <summary>
/// The signed-in peer's view of the network: its files, the tracker's files, the peers, and what just happened.
/// <see cref="PeerSession"/> owns the user, the subscription and the data; the page shows it and says, in one
/// toast per action, how each action ended. Others' actions get a toast too; the user's own are not told twice.
/// </summary>
public sealed partial class Dashboard : IDisposable
{
    [Inject]
    private PeerSession Session { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Portal { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<BulkActions> BulkLogger { get; set; } = default!;

    private BulkActions Bulk => new(Session, Snackbar, Dialogs, BulkLogger);

    private bool _interactive;
    private bool _rescanning;

    protected override async Task OnInitializedAsync()
    {
        Session.Changed += OnChangedAsync;
        Session.EventArrived += OnEventAsync;
        await Session.StartAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only a live circuit gets here; prerendering never subscribes a watcher it could not dispose.
        if (firstRender && Session.Me is not null)
        {
            await Session.WatchAsync();
            _interactive = true;
            StateHasChanged();
        }
    }

    private Task OnChangedAsync() => InvokeAsync(StateHasChanged);

    private Task OnEventAsync(NetworkEvent networkEvent) =>
        Session.IsOwn(networkEvent) ? Task.CompletedTask : InvokeAsync(() => Snackbar.Add(networkEvent.Message, Severity.Info));

    private async Task DownloadAsync(NetworkFile file)
    {
        var (reply, done) = await Snackbar.TryAsync(() => Session.DownloadAsync(file), $"Getting a copy of {file.Name}");
        if (!done)
        {
            return;
        }

        Snackbar.Add(DashboardMessages.Of(file, reply), reply?.IsSuccess() == true ? Severity.Success : Severity.Error);

        // The button that had focus is gone ("You have it" took its place): keep the keyboard user in the row.
        await JS.InvokeVoidAsync("p2pFocus.keep", NetworkFilesTable.RowId(file));
    }

    private async Task EditAsync(FileDescriptor file)
    {
        if (await EditFileDialog.ShowAsync(Dialogs, Session.Me!, file, Session) is { } reply)
        {
            Snackbar.Add(DashboardMessages.Of(reply), Severity.Success);
            await Session.RefreshAsync();
            await HoldersPanel.ShowPendingAsync(Dialogs, Session.Me!, reply);
        }
    }

    private Task HoldersAsync(FileDescriptor file) => HoldersPanel.ShowAsync(Dialogs, Session.Me!, file.Name);

    private async Task HistoryAsync(FileDescriptor file)
    {
        if (await HistoryDialog.ShowAsync(Dialogs, Session.Me!, file) is not null)
        {
            await Session.RefreshAsync();
        }
    }

    private async Task RescanAsync()
    {
        // TryAsync turns every failure into its toast, so the button always comes back.
        _rescanning = true;
        var (reply, done) = await Snackbar.TryAsync(Session.RescanAsync, "Rescanning");
        _rescanning = false;
        if (done)
        {
            Snackbar.Add(DashboardMessages.Of(reply), reply?.IsSuccess() == true && reply.Problems.IsEmpty ? Severity.Success : Severity.Warning);
        }
    }

    public void Dispose()
    {
        Session.Changed -= OnChangedAsync;
        Session.EventArrived -= OnEventAsync;
    }
}

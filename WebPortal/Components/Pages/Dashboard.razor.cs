using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
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
        var (reply, done) = await TryAsync(() => Session.DownloadAsync(file), $"Getting a copy of {file.Name}");
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
        var parameters = new DialogParameters<EditFileDialog>
        {
            { d => d.Peer, Session.Me!.Peer },
            { d => d.Username, Session.Me.Username },
            { d => d.File, file },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<EditFileDialog>($"Edit {file.Name}", parameters, options);
        if (await dialog.Result is { Canceled: false, Data: SaveReply reply })
        {
            Snackbar.Add(DashboardMessages.Of(reply), Severity.Success);
            await Session.RefreshAsync();
        }
    }

    private async Task RescanAsync()
    {
        _rescanning = true;
        try
        {
            var (reply, done) = await TryAsync(Session.RescanAsync, "Rescanning");
            if (done)
            {
                Snackbar.Add(DashboardMessages.Of(reply), reply?.IsSuccess() == true && reply.Problems.IsEmpty ? Severity.Success : Severity.Warning);
            }
        }
        finally
        {
            _rescanning = false;
        }
    }

    private async Task OnUploadedAsync(SaveReply reply) => await Session.RefreshAsync();

    /// <summary>Runs an action; a failure (a silo gone, a time-out) becomes its one toast instead of an error page.</summary>
    private async Task<(T? Reply, bool Done)> TryAsync<T>(Func<Task<T?>> action, string what)
    {
        try
        {
            return (await action(), true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Snackbar.Add($"{what} failed: {exception.Message}", Severity.Error);
            return (default, false);
        }
    }

    public void Dispose()
    {
        Session.Changed -= OnChangedAsync;
        Session.EventArrived -= OnEventAsync;
    }
}

using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Components.Transfers;

namespace OrleansP2P.WebPortal.Components.Pages;

/// <summary>
/// The Transfers panel. The list is the peer grain's (<see cref="IPeerClientGrain.ListTransfersAsync"/>), not the
/// circuit's, so a reload or another tab shows the same transfers; the page reads it again every second while open.
/// </summary>
public sealed partial class Transfers
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _closing = new();
    private readonly HashSet<string> _acting = new(StringComparer.Ordinal);
    private ImmutableArray<TransferInfo> _transfers = [];
    private string? _problem;
    private bool _interactive;

    private string CountText
    {
        get
        {
            var running = _transfers.Count(t => t.IsRunning);
            return running == 0 ? $"{_transfers.Length} recent, none running" : $"{running} running, {_transfers.Length - running} finished";
        }
    }

    protected override async Task OnInitializedAsync()
    {
        await Session.StartAsync();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && Session.Me is not null)
        {
            await LoadAsync();
            _interactive = true;
            StateHasChanged();
            _ = FollowAsync();
        }
    }

    /// <summary>Reads the list again every second until the page closes: a grain call that answers from memory.</summary>
    private async Task FollowAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                await LoadAsync();
                if (!_closing.IsCancellationRequested)
                {
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoadAsync()
    {
        if (Session.Me is not { } me)
        {
            return;
        }

        try
        {
            _transfers = await me.Peer.ListTransfersAsync();
            _problem = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _problem = $"Could not read your transfers: {exception.Message}";
        }
    }

    /// <summary>Only the latest download of a file is offered again (the list is newest first).</summary>
    private bool IsRetryable(TransferInfo transfer) =>
        TransferText.CanRetry(transfer) && _transfers.First(t => t.Kind == TransferKind.Download && t.Name == transfer.Name).Id == transfer.Id;

    private async Task CancelAsync(TransferInfo transfer)
    {
        if (Session.Me is not { } me || !_acting.Add(transfer.Id))
        {
            return;
        }

        try
        {
            var (reply, done) = await Snackbar.TryAsync(() => me.Peer.CancelTransferAsync(transfer.Id)!, $"Cancelling {transfer.Name}");
            if (done && reply is not null)
            {
                Snackbar.Add(reply.Reason, reply.IsSuccess() ? Severity.Info : Severity.Warning);
            }

            await LoadAsync();
        }
        finally
        {
            _acting.Remove(transfer.Id);
        }
    }

    private async Task RetryAsync(TransferInfo transfer)
    {
        if (Session.Me is not { } me || !_acting.Add(transfer.Id))
        {
            return;
        }

        try
        {
            // The new try is listed at once (the grain records it); the list follows it while this waits for the end.
            var (reply, done) = await Snackbar.TryAsync(() => me.Peer.DownloadAsync(new DownloadRequest(transfer.Name))!, $"Getting a copy of {transfer.Name}");
            if (done && reply is not null)
            {
                var reused = reply.ReusedBytes > 0 ? $"; {ByteSize.Format(reply.ReusedBytes)} reused from the earlier try" : "";
                Snackbar.Add(reply.IsSuccess() ? $"Got a copy of {transfer.Name}{reused}" : $"{(int)reply.Status} · {reply.Reason}", reply.IsSuccess() ? Severity.Success : Severity.Error);
            }

            await LoadAsync();
            await Session.RefreshAsync();
        }
        finally
        {
            _acting.Remove(transfer.Id);
        }
    }

    // Not disposed: the loop may still read its token once after the page closed; it holds no timer.
    public async ValueTask DisposeAsync() => await _closing.CancelAsync();
}

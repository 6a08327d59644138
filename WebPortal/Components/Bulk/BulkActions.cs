using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Session;

namespace OrleansP2P.WebPortal.Components.Bulk;

/// <summary>
/// What the file tables' bulk buttons do: get copies of the ticked network files one after another, or remove the
/// user's own copies of the ticked files after asking. One toast for what worked, one per refusal, saying why.
/// </summary>
public sealed class BulkActions(PeerSession session, ISnackbar snackbar, IDialogService dialogs, ILogger logger)
{
    public async Task GetCopiesAsync(IReadOnlyList<NetworkFile> files)
    {
        var got = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var reply = await session.DownloadAsync(file);
                if (reply?.IsSuccess() == true)
                {
                    got.Add(file.Name);
                }
                else if (reply is not null)
                {
                    snackbar.Add($"{(int)reply.Status} · {file.Name}: {reply.Reason}", Severity.Error);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Getting a copy of {Name} failed", file.Name);
                snackbar.Add($"Getting a copy of {file.Name} failed: {exception.Message}", Severity.Error);
            }
        }

        if (got.Count > 0)
        {
            snackbar.Add($"Got copies of {got.Count} file(s): {string.Join(", ", got)}", Severity.Success);
        }
    }

    public async Task RemoveMineAsync(IReadOnlyList<FileDescriptor> files)
    {
        if (session.Me is not { } me || files.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", files.Select(f => f.Name));
        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Remove your copies of {files.Count} file(s)?",
            Message = $"{names} leave your folder (your history keeps them). Other holders keep their copies.",
            YesText = "Remove mine",
            CancelText = "Cancel",
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (answer != true)
        {
            return;
        }

        var removed = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var reply = await me.Peer.RemoveFileAsync(file.Name);
                if (reply.IsSuccess())
                {
                    removed.Add(file.Name);
                }
                else
                {
                    snackbar.Add($"{(int)reply.Status} · {file.Name}: {reply.Reason}", Severity.Error);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Removing {Name} failed", file.Name);
                snackbar.Add($"Removing {file.Name} failed: {exception.Message}", Severity.Error);
            }
        }

        if (removed.Count > 0)
        {
            snackbar.Add($"Removed your copies of {string.Join(", ", removed)}; other holders keep theirs", Severity.Success);
        }

        await session.RefreshAsync();
    }
}

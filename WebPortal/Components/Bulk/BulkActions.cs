using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;
using OrleansP2P.WebPortal.Session;

namespace OrleansP2P.WebPortal.Components.Bulk;

/// <summary>
/// What the file tables' bulk buttons do: get copies of the ticked network files one after another, or remove the
/// user's own copies of the ticked files after asking. One toast per action: what worked, and each refusal with why.
/// </summary>
public sealed class BulkActions(PeerSession session, ISnackbar snackbar, IDialogService dialogs, ILogger logger)
{
    public async Task GetCopiesAsync(IReadOnlyList<NetworkFile> files)
    {
        var (got, refused) = await EachAsync(files, f => f.Name, session.DownloadAsync, "Getting a copy of");
        Report($"Got copies of {got.Count} file(s): {string.Join(", ", got)}", got, refused);
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

        var (removed, refused) = await EachAsync(files, f => f.Name, async f => (IReply?)await me.Peer.RemoveFileAsync(f.Name), "Removing");
        Report($"Removed your copies of {string.Join(", ", removed)}; other holders keep theirs", removed, refused);
        await session.RefreshAsync();
    }

    /// <summary>Acts on each file in turn; one file's refusal or failure never stops the rest.</summary>
    private async Task<(List<string> Done, List<string> Refused)> EachAsync<TFile, TReply>(
        IEnumerable<TFile> files, Func<TFile, string> nameOf, Func<TFile, Task<TReply?>> act, string doing)
        where TReply : class, IReply
    {
        var (done, refused) = (new List<string>(), new List<string>());
        foreach (var file in files)
        {
            var name = nameOf(file);
            try
            {
                switch (await act(file))
                {
                    case { } reply when reply.IsSuccess():
                        done.Add(name);
                        break;
                    case { } reply:
                        refused.Add($"{name}: {(int)reply.Status} {reply.Reason}");
                        break;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "{Doing} {Name} failed", doing, name);
                refused.Add($"{name}: {exception.Message}");
            }
        }

        return (done, refused);
    }

    private void Report(string success, List<string> done, List<string> refused)
    {
        if (refused.Count == 0)
        {
            if (done.Count > 0)
            {
                snackbar.Add(success, Severity.Success);
            }

            return;
        }

        var message = (done.Count > 0 ? success + ". " : "") + "Not done: " + string.Join("; ", refused);
        snackbar.Add(message, done.Count > 0 ? Severity.Warning : Severity.Error);
    }
}

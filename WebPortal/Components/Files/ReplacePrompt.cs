using MudBlazor;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>
/// Asks before an upload replaces a file the network already has: saving it publishes a new version to every holder,
/// so the person is told whose copies change and that the history keeps the one replaced.
/// </summary>
public static class ReplacePrompt
{
    public const string ReplaceText = "Replace everyone's copy";

    /// <summary>True when the person chose to replace; false when they cancelled or closed the question.</summary>
    public static async Task<bool> ConfirmAsync(IDialogService dialogs, FileDescriptor held, IEnumerable<string> holders)
    {
        var named = holders.ToList();
        var by = named.Count == 0 ? "" : $", held by {string.Join(", ", named)}";
        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Replace {held.Name} for everyone?",
            Message = $"The network already has {held.Name} (version {held.Version}){by}. Uploading yours makes it the next version at every holder: " +
                      $"everyone's copy is replaced. The history keeps version {held.Version}, and it can be restored from {held.Name}'s History.",
            YesText = ReplaceText,
            CancelText = "Cancel",
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        return answer == true;
    }
}

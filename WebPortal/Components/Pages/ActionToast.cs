using MudBlazor;

namespace OrleansP2P.WebPortal.Components.Pages;

/// <summary>How a page runs a user's action: a failure (a silo gone, a time-out) becomes its one toast, never an error page.</summary>
internal static class ActionToast
{
    public static async Task<(T? Reply, bool Done)> TryAsync<T>(this ISnackbar snackbar, Func<Task<T?>> action, string what)
    {
        try
        {
            return (await action(), true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            snackbar.Add($"{what} failed: {exception.Message}", Severity.Error);
            return (default, false);
        }
    }
}

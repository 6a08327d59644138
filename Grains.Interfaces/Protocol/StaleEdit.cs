namespace OrleansP2P.Protocol;

/// <summary>
/// The one message for an edit that lost a race: however the race went (the other save reached this peer's copy
/// already, is still on its way to it, or won at the file grain a moment earlier), the user reads who saved which
/// version, and which version the edit began from. The 409 reply carries the same facts as fields.
/// </summary>
public static class StaleEdit
{
    public static string Reason(string name, long baseVersion, long currentVersion, string? author) =>
        author is null
            ? $"Version {currentVersion} of {name} was saved after this edit began from version {baseVersion}; nothing was overwritten."
            : $"{author} saved version {currentVersion} of {name} after this edit began from version {baseVersion}; nothing was overwritten.";
}

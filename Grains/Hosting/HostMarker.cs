namespace OrleansP2P.Hosting;

/// <summary>
/// The file in a data root that names the host it belongs to. A data root is one machine's disk: a silo started
/// on a root that names another host would serve that host's peers from the wrong disk, so it refuses to start.
/// </summary>
public static class HostMarker
{
    public const string FileName = ".p2p-host";

    /// <summary>
    /// The host a silo on <paramref name="dataRoot"/> belongs to. <paramref name="configured"/> (<c>P2P:Host</c>) wins
    /// when it agrees with the marker; unset, the marker's name is used; a root without a marker is adopted and
    /// the marker written, naming <paramref name="configured"/> or else <paramref name="machineName"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The marker names another host, or the name is not valid.</exception>
    public static string Resolve(string dataRoot, string? configured, string machineName)
    {
        try
        {
            return ResolveOrThrow(dataRoot, configured, machineName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The data root {dataRoot} (P2P:DataRoot) is not reachable or not writable from this silo, so its host marker cannot be read or written: {exception.Message}", exception);
        }
    }

    private static string ResolveOrThrow(string dataRoot, string? configured, string machineName)
    {
        var path = Path.Combine(dataRoot, FileName);
        var recorded = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        if (configured is { Length: > 0 } && !IsValidName(configured))
        {
            throw new InvalidOperationException($"P2P:Host '{configured}' is not a host name: use 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (recorded is { Length: > 0 })
        {
            if (configured is { Length: > 0 } && !string.Equals(configured, recorded, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The data root {dataRoot} belongs to host '{recorded}' (its {FileName} says so), but this silo is host '{configured}' (P2P:Host). " +
                    "Each host has a data root of its own: give this silo its own P2P:DataRoot, or set P2P:Host to the root's host.");
            }

            return recorded;
        }

        var name = configured is { Length: > 0 } ? configured : Sanitize(machineName);
        Directory.CreateDirectory(dataRoot);
        var temp = Path.Combine(dataRoot, $"{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, name + "\n");
        try
        {
            // No overwrite: when two silos adopt one root at once, the first marker stands and the other reads it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return ResolveOrThrow(dataRoot, configured, machineName);
        }

        return name;
    }

    public static bool IsValidName(string name) =>
        name is { Length: >= 1 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Sanitize(string machineName)
    {
        var name = new string([.. machineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64)]);
        return name.Length > 0 ? name : "host";
    }
}

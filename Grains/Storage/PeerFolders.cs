using Microsoft.Extensions.Options;
using OrleansP2P.Hosting;

namespace OrleansP2P.Storage;

/// <summary>Where each peer's folder is: an override from configuration or sign-up, else under the data root.</summary>
public sealed class PeerFolders(IOptions<P2POptions> options)
{
    private readonly P2POptions _options = options.Value;

    /// <summary>The folder holding every peer of <paramref name="network"/>: the data root itself for the main network.</summary>
    public string NetworkRoot(string network) =>
        network == GrainKeys.DefaultNetwork
            ? _options.FullDataRoot
            : Path.Combine(_options.FullDataRoot, "networks", network);

    public string DefaultFolder(string network, string username) =>
        Path.Combine(NetworkRoot(network), "peers", username);

    public string Resolve(string network, string username, string? requested) =>
        requested is { Length: > 0 } ? Path.GetFullPath(requested)
        : network == GrainKeys.DefaultNetwork && _options.PeerFolders.TryGetValue(username, out var configured) ? Path.GetFullPath(configured)
        : DefaultFolder(network, username);

    /// <summary>
    /// Opens a folder of this host. With <see cref="P2POptions.GuardFolders"/> (tests), a path outside this silo's own
    /// data root and its configured <c>P2P:PeerFolders</c> throws and is recorded in <see cref="Violations"/>: a folder
    /// of another host must never be read or made here.
    /// </summary>
    public PeerFolder Open(string path)
    {
        if (_options.GuardFolders && !IsOnThisHost(path))
        {
            var violation = $"{path} is not under this silo's data root {_options.FullDataRoot} nor a configured P2P:PeerFolders entry.";
            Violations.Enqueue(violation);
            throw new InvalidOperationException("Folder guard: " + violation);
        }

        return new(path) { AfterCopiedOut = AfterCopiedOut };
    }

    /// <summary>Tests only: handed to every folder this opens (see <see cref="PeerFolder.AfterCopiedOut"/>).</summary>
    internal Func<string, Task>? AfterCopiedOut { get; set; }

    /// <summary>Every path the test-only guard refused, in every silo of the process.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> Violations { get; } = new();

    private bool IsOnThisHost(string path)
    {
        var full = Path.GetFullPath(path);
        return IsUnder(full, _options.FullDataRoot) || _options.PeerFolders.Values.Any(configured => IsUnder(full, Path.GetFullPath(configured)));
    }

    private static bool IsUnder(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal) ||
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The networks that have peers under the data root: the main one, and every folder under networks/.</summary>
    public IEnumerable<string> FindNetworks()
    {
        var root = _options.FullDataRoot;
        if (Directory.Exists(Path.Combine(root, "peers")))
        {
            yield return GrainKeys.DefaultNetwork;
        }

        var networks = Path.Combine(root, "networks");
        if (Directory.Exists(networks))
        {
            foreach (var directory in Directory.EnumerateDirectories(networks))
            {
                yield return Path.GetFileName(directory);
            }
        }
    }
}

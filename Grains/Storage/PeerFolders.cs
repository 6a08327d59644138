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

    public PeerFolder Open(string path) => new(path);

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

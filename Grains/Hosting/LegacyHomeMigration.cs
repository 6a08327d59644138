using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// At silo start: every registered peer the host registry has no home for is given one (<see cref="LegacyHomes"/>)
/// when its folder is on this host's disk, and the registry's index learns it. The networks come from grain
/// storage and, for data roots older than the registry, from this host's disk.
/// </summary>
internal sealed class LegacyHomeMigration(IGrainFactory grains, PeerHomes homes, LegacyHomes legacy, PeerFolders folders, ILogger<LegacyHomeMigration> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var registry = grains.GetHostRegistry();
        var networks = (await registry.ListNetworksAsync()).Append(GrainKeys.DefaultNetwork).Concat(folders.FindNetworks()).Distinct(StringComparer.Ordinal);
        foreach (var network in networks)
        {
            try
            {
                var known = await registry.ListHomesAsync(network);
                foreach (var peer in (await grains.GetTracker(network).ListPeersAsync()).Where(p => !known.ContainsKey(p.Username)))
                {
                    var id = grains.GetPeer(network, peer.Username).GetGrainId();
                    if ((await homes.ReadAsync(id) ?? await legacy.AdoptIfHereAsync(id)) is { } home)
                    {
                        await registry.RecordHomeAsync(network, peer.Username, home);
                    }
                }
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not give homes to the older peers of network {Network}", LogText.Escape(network));
            }
        }
    }
}

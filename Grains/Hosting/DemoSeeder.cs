using Microsoft.Extensions.Logging;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>On first start with an empty network, seeds the spec's example so there is something to try.</summary>
internal sealed class DemoSeeder(IGrainFactory grains, PeerFolders folders, HostIdentity host, ILogger<DemoSeeder> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        // Seed only a brand-new network: never when the tracker knows peers, nor when peer folders already
        // exist on disk (their files are someone's, even if the metadata store was wiped).
        var peersRoot = Path.Combine(folders.NetworkRoot(GrainKeys.DefaultNetwork), "peers");
        if ((await grains.GetTracker().ListPeersAsync()).Length > 0 ||
            (Directory.Exists(peersRoot) && Directory.EnumerateDirectories(peersRoot).Any()))
        {
            return;
        }

        await DemoNetwork.SeedAsync(grains, folders, host: host.Name);
        logger.LogInformation("Seeded the demo network: user1..user4 (passwords password1..password4, demo only) under {Root}", folders.NetworkRoot(GrainKeys.DefaultNetwork));
    }
}

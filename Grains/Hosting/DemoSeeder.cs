using Microsoft.Extensions.Logging;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>On first start with an empty network, seeds the spec's example so there is something to try.</summary>
internal sealed class DemoSeeder(IGrainFactory grains, PeerFolders folders, ILogger<DemoSeeder> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var peers = await grains.GetTracker().ListPeersAsync();
        if (peers.Length > 0)
        {
            return;
        }

        await DemoNetwork.SeedAsync(grains, folders);
        logger.LogInformation("Seeded the demo network: user1..user4 (passwords password1..password4, demo only) under {Root}", folders.NetworkRoot(GrainKeys.DefaultNetwork));
    }
}

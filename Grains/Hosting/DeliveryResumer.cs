using Microsoft.Extensions.Logging;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// At silo start, wakes the tracker of every network found under the data root, so updates whose fan-out
/// a crash cut short reach their remaining holders without waiting for anyone to touch those files.
/// </summary>
internal sealed class DeliveryResumer(IGrainFactory grains, PeerFolders folders, ILogger<DeliveryResumer> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        foreach (var network in folders.FindNetworks())
        {
            try
            {
                await grains.GetTracker(network).ResumeDeliveriesAsync();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not resume pending deliveries of network {Network}", network);
            }
        }
    }
}

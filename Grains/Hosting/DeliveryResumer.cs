using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;

namespace OrleansP2P.Hosting;

/// <summary>
/// At silo start, wakes the tracker of every network in grain storage (the host registry's index; the main
/// network always), so updates whose fan-out a crash cut short reach their remaining holders without waiting
/// for anyone to touch those files. Not the local disk: this host may hold none of a network's peers.
/// </summary>
internal sealed class DeliveryResumer(IGrainFactory grains, ILogger<DeliveryResumer> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        foreach (var network in (await grains.GetHostRegistry().ListNetworksAsync()).Append(GrainKeys.DefaultNetwork).Distinct())
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

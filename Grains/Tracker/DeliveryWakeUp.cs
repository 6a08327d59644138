using Microsoft.Extensions.Logging;

namespace OrleansP2P.Tracker;

/// <summary>At silo start, wakes every file grain whose holders still wait for its current version.</summary>
internal static class DeliveryWakeUp
{
    public static async Task WakeAsync(IGrainFactory grains, string network, IEnumerable<string> keys, ILogger logger)
    {
        foreach (var key in keys)
        {
            try
            {
                await grains.GetFile(network, key).ResumeDeliveriesAsync();
            }
            catch (Exception exception)
            {
                // The file grain keeps its pending list and its retry timer: this was only a wake-up call.
                logger.LogWarning(exception, "Could not resume deliveries of {Key} in network {Network}", key, LogText.Escape(network));
            }
        }
    }
}

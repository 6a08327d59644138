using Microsoft.Extensions.Logging;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;

namespace OrleansP2P.Sync;

/// <summary>
/// At silo start, every peer homed on this host has its folder reconciled with its record (its grain activates, which
/// sweeps half-finished transfers from the work area, and rescans): downloads a crash left in the folder unannounced
/// are announced, edits made while the host was down are published or kept as conflict copies, copies merely behind
/// catch up. In the background, a few peers at a time, so the silo is up at once. The homes come from grain storage.
/// </summary>
internal sealed class FolderReconciler(IGrainFactory grains, HostIdentity host, ILogger<FolderReconciler> logger) : IStartupTask
{
    private const int AtOnce = 4;

    public Task Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => ReconcileAllAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ReconcileAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var registry = grains.GetHostRegistry();
            var peers = new List<(string Network, string User)>();
            foreach (var network in (await registry.ListNetworksAsync()).Append(GrainKeys.DefaultNetwork).Distinct())
            {
                peers.AddRange((await registry.ListHomesAsync(network)).Where(h => h.Value == host.Name).Select(h => (network, h.Key)));
            }

            await Parallel.ForEachAsync(peers, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken }, async (peer, _) =>
            {
                try
                {
                    var reply = await grains.GetPeerServer(peer.Network, peer.User).ReconcileFolderAsync();
                    if (reply.Announced.Length + reply.Published.Length + reply.Withdrawn.Length + reply.Conflicts.Length > 0)
                    {
                        logger.LogInformation("Reconciled {Username}'s folder at start: {Announced} announced, {Published} published, {Withdrawn} withdrawn, {Conflicts} conflict copies",
                            LogText.Escape(peer.User), reply.Announced.Length, reply.Published.Length, reply.Withdrawn.Length, reply.Conflicts.Length);
                    }
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Could not reconcile {Username}'s folder at start", LogText.Escape(peer.User));
                }
            });
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Could not list the peers of host {Host} to reconcile their folders", LogText.Escape(host.Name));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

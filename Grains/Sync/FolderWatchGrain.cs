using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Configuration;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;

namespace OrleansP2P.Sync;

/// <summary>
/// One per host, on a silo of that host, always active: it hands the folders of the host's peers to that silo's
/// <see cref="FolderWatchers"/>, so each folder is watched once per host. Activated anew (its silo went down), it
/// asks every peer homed on the host to name its folder again, a few at a time; a folder newly watched is read
/// once, which catches what changed while nobody watched. Reentrant: a peer it asks may call back.
/// </summary>
[HomeHostPlacement, Reentrant, CollectionAgeLimit(AlwaysActive = true)]
public sealed class FolderWatchGrain(FolderWatchers watchers, HostIdentity host, ILogger<FolderWatchGrain> logger) : Grain, IFolderWatchGrain
{
    private const int AtOnce = 4;

    public static string KeyOf(string host) => HomeHostPlacement.KeyOn(host, "folders");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        watchers.Attach();
        _ = Task.Run(AskPeersAsync, CancellationToken.None);
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        watchers.Detach();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task WatchAsync(WatchedFolder folder)
    {
        watchers.Watch(folder);
        return Task.CompletedTask;
    }

    public Task KeepWatchingAsync() => Task.CompletedTask;

    private async Task AskPeersAsync()
    {
        try
        {
            var registry = GrainFactory.GetHostRegistry();
            var peers = new List<(string Network, string User)>();
            foreach (var network in (await registry.ListNetworksAsync()).Append(GrainKeys.DefaultNetwork).Distinct())
            {
                peers.AddRange((await registry.ListHomesAsync(network)).Where(h => h.Value == host.Name).Select(h => (network, h.Key)));
            }

            await Parallel.ForEachAsync(peers, new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (peer, _) =>
            {
                try
                {
                    await GrainFactory.GetPeerServer(peer.Network, peer.User).WatchFolderAsync();
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "{Username} could not name its folder to the watcher of host {Host}", LogText.Escape(peer.User), LogText.Escape(host.Name));
                }
            });
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The watcher of host {Host} could not list the host's peers", LogText.Escape(host.Name));
        }
    }
}

using Orleans.Concurrency;
using OrleansP2P.Hosts;

namespace OrleansP2P.Hosting;

/// <summary>
/// Answers peer lists on the calling silo (a stateless worker: no single activation to queue behind), from the
/// tracker's presence list, the registry's homes, the network's activity record and this silo's membership view (<see cref="PresenceIndex"/>).
/// </summary>
[StatelessWorker]
public sealed class PresenceGrain(LiveHosts live) : Grain, IPresenceGrain
{
    public async Task<ImmutableArray<PeerPresence>> ListPeersAsync()
    {
        var network = this.GetPrimaryKeyString();
        var peers = GrainFactory.GetTracker(network).ListPeersAsync();
        var homes = GrainFactory.GetHostRegistry().ListHomesAsync(network);
        var activity = GrainFactory.GetPeerActivity(network).ListAsync();
        await Task.WhenAll(peers, homes, activity);
        return PresenceIndex.Join(peers.Result, homes.Result, live.SilosByHost(), activity.Result);
    }
}

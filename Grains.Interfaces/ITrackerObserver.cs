using Orleans.Concurrency;
using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>Whoever watches a network live (a portal dashboard): told of every login, download, update and new table.</summary>
[Alias("OrleansP2P.ITrackerObserver")]
public interface ITrackerObserver : IGrainObserver
{
    [Alias("OnNetworkEvent"), OneWay]
    Task OnNetworkEventAsync(NetworkEvent networkEvent);
}

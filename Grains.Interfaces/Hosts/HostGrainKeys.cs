namespace OrleansP2P.Hosts;

public static class HostGrainKeys
{
    public static IHostRegistryGrain GetHostRegistry(this IGrainFactory grains) => grains.GetGrain<IHostRegistryGrain>(0);

    public static IPresenceGrain GetPresence(this IGrainFactory grains, string network = GrainKeys.DefaultNetwork) => grains.GetGrain<IPresenceGrain>(network);

    public static IPeerActivityGrain GetPeerActivity(this IGrainFactory grains, string network = GrainKeys.DefaultNetwork) => grains.GetGrain<IPeerActivityGrain>(network);
}

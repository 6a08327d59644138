namespace OrleansP2P.Hosts;

public static class HostGrainKeys
{
    public static IHostRegistryGrain GetHostRegistry(this IGrainFactory grains) => grains.GetGrain<IHostRegistryGrain>(0);
}

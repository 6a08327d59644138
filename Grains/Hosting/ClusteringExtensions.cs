using Microsoft.Extensions.Configuration;

namespace OrleansP2P.Hosting;

/// <summary>How a silo finds its cluster and how a client finds the silos: one choice, read from configuration.</summary>
public static class ClusteringExtensions
{
    /// <summary>The development default: one silo on this machine (ports <c>Orleans:SiloPort</c>, <c>Orleans:GatewayPort</c>), no membership server.</summary>
    public static ISiloBuilder UseP2PClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = ClusterPorts.From(configuration);
        return silo.UseLocalhostClustering(ports.Silo, ports.Gateway);
    }

    public static IClientBuilder UseP2PClustering(this IClientBuilder client, IConfiguration configuration) =>
        client.UseLocalhostClustering(ClusterPorts.From(configuration).Gateway);

    private sealed record ClusterPorts(int Silo, int Gateway)
    {
        public static ClusterPorts From(IConfiguration configuration) =>
            new(configuration.GetValue("Orleans:SiloPort", 11111), configuration.GetValue("Orleans:GatewayPort", 30000));
    }
}

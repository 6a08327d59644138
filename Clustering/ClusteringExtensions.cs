using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;

namespace OrleansP2P.Hosting;

/// <summary>
/// How a silo finds its cluster and how a client finds the silos, read from the <c>Cluster</c> section:
/// <c>Membership</c> = <c>Localhost</c> (the one-process default) or <c>Redis</c> (several Silo processes,
/// membership in the Redis server at <c>Cluster:Redis</c>), with <c>SiloPort</c> and <c>GatewayPort</c>.
/// (Not the <c>Orleans</c> section: Orleans reads that one itself, with a meaning of its own.)
/// </summary>
public static class ClusteringExtensions
{
    public static ISiloBuilder UseP2PClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = ClusterSettings.From(configuration);
        silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        if (!settings.UsesRedis)
        {
            return silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }

        return silo
            .ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false)
            .UseRedisClustering(o => o.ConfigurationOptions = settings.Redis());
    }

    public static IClientBuilder UseP2PClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = ClusterSettings.From(configuration);
        client.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        return settings.UsesRedis
            ? client.UseRedisClustering(o => o.ConfigurationOptions = settings.Redis())
            : client.UseLocalhostClustering(settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
    }
}

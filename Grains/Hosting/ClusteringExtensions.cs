using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

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

/// <summary>The <c>Cluster</c> configuration section.</summary>
public sealed record ClusterSettings(string Membership, string? RedisConnection, int SiloPort, int GatewayPort, string ClusterId, string ServiceId)
{
    public bool UsesRedis => string.Equals(Membership, "Redis", StringComparison.OrdinalIgnoreCase);

    public ConfigurationOptions Redis() =>
        ConfigurationOptions.Parse(RedisConnection ?? throw new InvalidOperationException("Cluster:Redis (a Redis connection string such as 127.0.0.1:6379) is required with Redis membership or storage."));

    public static ClusterSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Cluster");
        var settings = new ClusterSettings(
            section.GetValue("Membership", "Localhost")!,
            section.GetValue<string?>("Redis"),
            section.GetValue("SiloPort", 11111),
            section.GetValue("GatewayPort", 30000),
            section.GetValue("ClusterId", "orleansp2p")!,
            section.GetValue("ServiceId", "orleansp2p")!);
        return settings.Membership.ToLowerInvariant() is "localhost" or "redis"
            ? settings
            : throw new InvalidOperationException($"Cluster:Membership must be Localhost or Redis, not '{settings.Membership}'.");
    }
}

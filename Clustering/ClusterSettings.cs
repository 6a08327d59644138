using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace OrleansP2P.Hosting;

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

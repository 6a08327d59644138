using Microsoft.Extensions.DependencyInjection;

namespace OrleansP2P.Hosting.Health;

internal static class SiloHealthChecks
{
    /// <summary>
    /// What makes a silo ready, whichever process runs it (the Silo host, the co-hosting portal): it is Active,
    /// its grain storage answers, its data root takes a write. The process's own checks come from Operations.
    /// </summary>
    public static IServiceCollection AddP2PSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [HealthTags.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthTags.Ready])
            .AddCheck<DataRootHealthCheck>("data-root", tags: [HealthTags.Ready]);
        return services;
    }
}

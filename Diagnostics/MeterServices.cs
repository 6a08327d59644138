using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansP2P.Diagnostics;

public static class MeterServices
{
    /// <summary>The product's meter: one per process, the silo's when one runs here, else the portal's own.</summary>
    public static IServiceCollection AddP2PDiagnosticsMeter(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<P2PMetrics>();
        return services;
    }
}

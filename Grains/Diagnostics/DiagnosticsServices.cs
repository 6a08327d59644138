using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansP2P.Diagnostics;

public static class DiagnosticsServices
{
    /// <summary>The product's metrics and the transfer gate of a graceful stop, for every silo (the bench's too: they cost a counter add).</summary>
    public static IServiceCollection AddP2PDiagnostics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<P2PMetrics>();
        services.TryAddSingleton<Transfers>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Transfers>());
        services.AddSingleton<IIncomingGrainCallFilter, LogScopeFilter>();
        return services;
    }

    /// <summary>Only the meter, for a process that runs no silo (a portal that is a client).</summary>
    public static IServiceCollection AddP2PDiagnosticsMeter(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<P2PMetrics>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansP2P.Diagnostics;

public static class DiagnosticsServices
{
    /// <summary>The product's metrics and the transfer gate of a graceful stop, for every silo (the bench's too: they cost a counter add).</summary>
    public static IServiceCollection AddP2PDiagnostics(this IServiceCollection services)
    {
        services.AddP2PDiagnosticsMeter();
        services.TryAddSingleton<Transfers>();
        services.AddSingleton<ITransferGate>(sp => sp.GetRequiredService<Transfers>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Transfers>());
        services.AddSingleton<IIncomingGrainCallFilter, LogScopeFilter>();
        return services;
    }
}

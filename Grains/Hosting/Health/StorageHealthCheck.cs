using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Storage;

namespace OrleansP2P.Hosting.Health;

/// <summary>
/// Ready when the grain storage every P2P grain uses (SQLite, Redis or memory, <c>P2P:Storage</c>) answers a
/// read: the check reads a record no grain writes, through the very provider the grains use.
/// </summary>
internal sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly GrainId Probe = GrainId.Create("p2p-health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
            await storage.ReadStateAsync("health", Probe, new GrainState<int>()).WaitAsync(Deadline, cancellationToken);
            return HealthCheckResult.Healthy("Grain storage answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Grain storage cannot be read: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private sealed class GrainState<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}

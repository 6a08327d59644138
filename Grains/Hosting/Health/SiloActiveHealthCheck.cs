using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansP2P.Hosting.Health;

/// <summary>Ready when this process's silo is Active in the cluster (joining, shutting down or dead is not ready).</summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {membership.SiloName} is active.")
            : HealthCheckResult.Unhealthy($"Silo {membership.SiloName} is {membership.CurrentStatus}, not active."));
}

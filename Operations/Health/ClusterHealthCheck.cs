using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace OrleansP2P.Operations.Health;

/// <summary>
/// Ready when this process, a client only, reaches the cluster: the management grain answers with at least one
/// active silo within a few seconds. A client that lost its gateways fails at once.
/// </summary>
internal sealed class ClientConnectedHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Deadline, cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"Connected to a cluster of {silos.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("Connected, but the cluster has no active silo.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster cannot be reached: {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>Not ready once the process is stopping: a load balancer stops sending work while running transfers finish.</summary>
internal sealed class NotStoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The process is stopping.")
            : HealthCheckResult.Healthy("Running."));
}

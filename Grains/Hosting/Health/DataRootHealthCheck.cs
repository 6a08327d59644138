using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace OrleansP2P.Hosting.Health;

/// <summary>
/// Ready when a file can be created, written, flushed and deleted in the data root: a full disk, a read-only
/// mount or a root replaced by something that is not a folder all fail here (root ignores permission bits, so
/// only a real write tells).
/// </summary>
internal sealed class DataRootHealthCheck(IOptions<P2POptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var root = options.Value.FullDataRoot;
        var probe = Path.Combine(root, $".health-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                await stream.WriteAsync("ok"u8.ToArray(), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Delete(probe);
            return HealthCheckResult.Healthy($"The data root {root} is writable.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data root {root} cannot be written: {exception.Message}");
        }
    }
}

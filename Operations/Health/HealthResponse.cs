using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansP2P.Operations.Health;

/// <summary>
/// The JSON a health endpoint answers: the overall status, the names of the failing checks, and every check
/// with its own status and description, e.g.
/// <c>{"status":"Unhealthy","failing":["storage"],"checks":[{"name":"storage","status":"Unhealthy","description":"…"}]}</c>.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToArray(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                seconds = Math.Round(e.Value.Duration.TotalSeconds, 4),
            }).ToArray(),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansP2P.Diagnostics;
using OrleansP2P.Operations.Health;
using OrleansP2P.Operations.Http;

namespace OrleansP2P.Operations;

/// <summary>
/// What an operator gets from every OrleansP2P process — a Silo host on its <c>P2P:HealthPort</c> and the portal
/// on its own port alike: <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> without a login, JSON
/// logs by setting, a log line per failed API request, and a graceful stop. See docs/operations.md.
/// </summary>
public static class OperationsExtensions
{
    public const string ReadyTag = HealthTags.Ready;

    /// <param name="hostsSilo">True when a silo runs in this process; false for a portal that is only a client.</param>
    /// <param name="serviceName">The OpenTelemetry service name: <c>orleansp2p-silo</c> or <c>orleansp2p-portal</c>.</param>
    public static WebApplicationBuilder AddP2POperations(this WebApplicationBuilder builder, bool hostsSilo, string serviceName)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        if (string.Equals(configuration["P2P:LogFormat"], "Json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var health = services.AddHealthChecks().AddCheck<NotStoppingHealthCheck>("stopping", tags: [ReadyTag]);
        // A silo's own checks (silo, storage, data-root) come with the one silo configuration (AddOrleansP2P).
        if (!hostsSilo)
        {
            health.AddCheck<ClientConnectedHealthCheck>("cluster", tags: [ReadyTag]);
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", P2PMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();

                // OTLP only when a collector is named; the exporter reads the endpoint (and headers) from the environment.
                if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
                {
                    metrics.AddOtlpExporter();
                }
            });

        // The stop waits for running transfers (P2P:ShutdownGrace) and then for the silo to leave the cluster.
        var grace = configuration.GetValue(TransferGate.GraceKey, TransferGate.DefaultGrace);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = grace + TimeSpan.FromSeconds(30));
        services.AddSingleton(new HttpTransfers.Settings(grace));
        services.AddSingleton<HttpTransfers>();

        // Waits for running transfer requests as the stop begins, before any service stops (see HttpTransfers).
        services.AddHostedService(sp => sp.GetRequiredService<HttpTransfers>());
        services.AddSingleton<FailureLog>();

        // The product's meter: the silo's own when one runs here (the same singleton), else the portal's, which
        // counts what only the portal sees (throttled logins).
        services.AddP2PDiagnosticsMeter();
        return builder;
    }

    /// <summary>
    /// Middleware that goes first (before the portal's own defences, so their refusals are logged too): one line
    /// per failed API request, and the graceful-stop gate for transfer requests.
    /// </summary>
    public static WebApplication UseP2POperations(this WebApplication app)
    {
        app.UseMiddleware<FailureLogMiddleware>();
        app.UseMiddleware<TransferGateMiddleware>();
        return app;
    }

    /// <summary>Log scopes (network, peer) for API requests; call after UseAuthentication.</summary>
    public static WebApplication UseP2PLogScopes(this WebApplication app)
    {
        app.UseMiddleware<LogScopeMiddleware>();
        return app;
    }

    /// <summary>Health and metrics endpoints, open to anyone who reaches the port: they show no peer, file or secret.</summary>
    public static IEndpointRouteBuilder MapP2POperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return endpoints;
    }
}

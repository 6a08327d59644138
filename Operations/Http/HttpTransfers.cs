using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansP2P.Operations.Http;

/// <summary>
/// The portal's side of a graceful stop. Once the host is stopping, a new transfer request (a download, a save or
/// an upload: POST or PUT under <c>/api/files</c>) gets 503 with Retry-After; the ones running are waited for,
/// up to the grace, before the web server, the Orleans client or the silo of this process stop beneath them.
/// </summary>
internal sealed class HttpTransfers(HttpTransfers.Settings settings, IHostApplicationLifetime lifetime, IServiceProvider services, ILogger<HttpTransfers> logger) : IHostedService
{
    public sealed record Settings(TimeSpan Grace);

    private readonly Lock _lock = new();
    private readonly HashSet<HttpContext> _running = [];
    private TaskCompletionSource? _drained;

    public bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;

    public static bool IsTransfer(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)) && request.Path.StartsWithSegments("/api/files");

    public IDisposable? TryBegin(HttpContext context)
    {
        lock (_lock)
        {
            if (IsStopping)
            {
                return null;
            }

            _running.Add(context);
            return new Lease(this, context);
        }
    }

    /// <summary>
    /// Kestrel is the first service to stop and refuses new connections from then on, so the wait cannot be a
    /// hosted service's stop: it runs when the stop begins, in the stopping callback, while every service still
    /// serves. New transfer requests meanwhile get 503 and /health/ready turns 503, so a load balancer moves away.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Drain()
    {
        // A co-hosted silo's peers refuse new transfers from now on too, and its stop waits only for what is left of the grace.
        (services.GetService(typeof(Diagnostics.ITransferGate)) as Diagnostics.ITransferGate)?.Close();
        Task drained;
        int running;
        lock (_lock)
        {
            if (_running.Count == 0)
            {
                return;
            }

            running = _running.Count;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        logger.LogInformation("Stopping: waiting up to {Grace} for {Running} transfer request(s)", settings.Grace, running);
        if (drained.Wait(settings.Grace))
        {
            return;
        }

        // Past the grace the requests are cut off, so the web server's own stop does not wait for them and the
        // silo keeps its time to leave the cluster. Their content was never renamed into place: they can be retried.
        HttpContext[] late;
        lock (_lock)
        {
            late = [.. _running];
        }

        logger.LogWarning("Stopping: cutting off {Running} transfer request(s) still running after {Grace}; their clients can ask again", late.Length, settings.Grace);
        foreach (var context in late)
        {
            context.Abort();
        }
    }

    private void End(HttpContext context)
    {
        lock (_lock)
        {
            if (_running.Remove(context) && _running.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    private sealed class Lease(HttpTransfers owner, HttpContext context) : IDisposable
    {
        public void Dispose() => owner.End(context);
    }
}

internal sealed class TransferGateMiddleware(RequestDelegate next, HttpTransfers transfers)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpTransfers.IsTransfer(context.Request))
        {
            await next(context);
            return;
        }

        using var lease = transfers.TryBegin(context);
        if (lease is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            // The API's error shape: an RFC 9457 problem that also carries the reason as "error".
            await context.Response.WriteAsJsonAsync(
                new { type = "https://httpstatuses.io/503", title = "Service Unavailable", status = 503, detail = Diagnostics.TransferGate.ClosedReason, error = Diagnostics.TransferGate.ClosedReason },
                options: (System.Text.Json.JsonSerializerOptions?)null,
                contentType: "application/problem+json");
            return;
        }

        await next(context);
    }
}

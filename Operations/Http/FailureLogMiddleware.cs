using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansP2P.Diagnostics;

namespace OrleansP2P.Operations.Http;

/// <summary>
/// For API requests answered 400 or above: one line with the status and the reason the body gave
/// (<see cref="FailureLog"/>), in a scope with the <c>Peer</c> and <c>Network</c>. The route is logged as its
/// template (<c>/api/files/{name}</c>), never with a file name; bodies and cookies never.
/// </summary>
internal sealed class FailureLogMiddleware(RequestDelegate next, FailureLog log, P2PMetrics metrics, ILogger<FailureLogMiddleware> logger, IConfiguration configuration)
{
    private const int Captured = 2048;
    private readonly string _network = LogText.Escape(configuration["Portal:Network"] ?? GrainKeys.DefaultNetwork);

    public async Task InvokeAsync(HttpContext context)
    {
        // API requests, and the login and sign-up pages' form posts (which answer 429 when throttled).
        var api = context.Request.Path.StartsWithSegments("/api");
        if (!api && !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        var capture = new ErrorBodyCapture(body, context.Response, Captured);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        if (context.Response.StatusCode >= 400 && (api || context.Response.StatusCode == StatusCodes.Status429TooManyRequests))
        {
            // Placed before authentication so that the refusals of every later middleware are logged too; by now
            // the request's user, if any, is known.
            using var scope = logger.BeginScope(LogScopeMiddleware.ScopeOf(context, _network));
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? (api ? "/api (no route)" : context.Request.Path.Value ?? "/");

            // Counted where the user sees it, whichever layer throttles: the portal answers every API login.
            if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests &&
                (context.Request.Path.Equals("/api/login", StringComparison.OrdinalIgnoreCase) || context.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase)))
            {
                metrics.LoginThrottled();
            }

            log.Write(context.Request.Method, route, context.Response.StatusCode, FailureLog.ReasonIn(capture.Captured), context.Connection.RemoteIpAddress?.ToString());
        }
    }

    /// <summary>Passes every write through and keeps the first bytes of an error response.</summary>
    private sealed class ErrorBodyCapture(Stream inner, HttpResponse response, int limit) : Stream
    {
        private readonly MemoryStream _captured = new();

        public ReadOnlySpan<byte> Captured => _captured.GetBuffer().AsSpan(0, (int)_captured.Length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (response.StatusCode >= 400 && _captured.Length < limit)
            {
                _captured.Write(bytes[..Math.Min(bytes.Length, limit - (int)_captured.Length)]);
            }
        }
    }
}

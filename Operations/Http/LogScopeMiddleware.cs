using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansP2P.Diagnostics;

namespace OrleansP2P.Operations.Http;

/// <summary>
/// Every API request logs in a scope with its <c>Network</c> and, when someone is logged in, the <c>Peer</c>; a
/// JSON console log carries them as fields. Placed after authentication, which names the user.
/// </summary>
internal sealed class LogScopeMiddleware(RequestDelegate next, ILogger<LogScopeMiddleware> logger, IConfiguration configuration)
{
    private readonly string _network = LogText.Escape(configuration["Portal:Network"] ?? GrainKeys.DefaultNetwork);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        using (logger.BeginScope(ScopeOf(context, _network)))
        {
            await next(context);
        }
    }

    public static LogScope ScopeOf(HttpContext context, string network) =>
        context.User.FindFirst(ClaimTypes.Name)?.Value is { } peer
            ? new LogScope(new("Network", network), new("Peer", LogText.Escape(peer)))
            : new LogScope(new KeyValuePair<string, object?>("Network", network));
}

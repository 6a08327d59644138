using OrleansP2P.Diagnostics;
using OrleansP2P.Hosts;
using OrleansP2P.WebPortal.Identity;

namespace OrleansP2P.WebPortal.Api;

/// <summary>
/// A call that fails because a peer is offline (its host down, its silo gone, no answer by the deadline) is a 503
/// with the reason ("user3 is offline: host B is down"); the cookie stays valid. Any other exception goes on to
/// <see cref="Security.ApiErrors"/>: a 500, logged.
/// </summary>
internal sealed class OfflineFilter(ILogger<OfflineFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (Offline.Describe(exception, context.HttpContext.User.PeerName() ?? "the peer") is { } offline)
        {
            logger.LogInformation("{Method} {Path}: {Reason}", context.HttpContext.Request.Method, LogText.Escape(context.HttpContext.Request.Path), LogText.Escape(offline));
            return ApiResults.Problem(503, offline);
        }
    }
}

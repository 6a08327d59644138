using Microsoft.AspNetCore.Connections;
using Orleans.Runtime;

namespace OrleansP2P.WebPortal.Security;

/// <summary>
/// An API error is always JSON, whatever went wrong: a body Kestrel refused while the handler read it (too large
/// 413, malformed or cut-short chunked framing 400, arriving too slowly 408), a silo failing over or an Orleans
/// call timing out (503, with Retry-After), or any other failure (500). The pages keep their own error page.
/// </summary>
public sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!ErrorResponses.IsApi(http))
        {
            await next(http);
            return;
        }

        try
        {
            await next(http);
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            var (status, error) = Describe(exception, http);
            if (status >= 500)
            {
                logger.LogError(exception, "API {Method} {Path} failed with {Status}", http.Request.Method, LogText.Escape(http.Request.Path.Value, max: 256), status);
            }

            http.Response.Clear();
            await ErrorResponses.WriteAsync(http, status, error, status == StatusCodes.Status503ServiceUnavailable ? TimeSpan.FromSeconds(1) : null);
        }
    }

    /// <summary>The status and reason for a failure; the innermost request-body problem wins.</summary>
    public static (int Status, string Error) Describe(Exception exception, HttpContext? http = null)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    var limit = http?.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                    return (413, limit is { } bytes ? $"The request body is larger than the limit of {bytes} bytes." : "The request body is too large.");
                case BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }:
                    return (408, "The request body arrived too slowly.");
                case BadHttpRequestException bad:
                    return (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "The request body is malformed or was cut short.");
                case ConnectionResetException or OperationCanceledException when http?.RequestAborted.IsCancellationRequested == true:
                    return (400, "The request was cut short.");
                // The session check runs before any endpoint filter: a peer whose host is down is offline there too.
                case OrleansP2P.Hosts.HostUnavailableException down:
                    return (503, down.Message);
                case SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException:
                    return (503, "The network is briefly unavailable (a server is restarting or busy); try again.");
            }
        }

        return (500, "The request failed on the server.");
    }
}

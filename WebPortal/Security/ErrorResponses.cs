using System.Globalization;
using OrleansP2P.WebPortal.Api;

namespace OrleansP2P.WebPortal.Security;

/// <summary>Writes an error the way the API writes every error (a problem with <c>status</c>, <c>detail</c> and <c>error</c>), from middleware.</summary>
internal static class ErrorResponses
{
    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    public static Task WriteAsync(HttpContext http, int status, string error, TimeSpan? retryAfter = null)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (!IsApi(http))
        {
            // Pages and form posts get the reason as text; the status code pages add nothing to a refusal.
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync(error);
        }

        return ApiResults.WriteProblemAsync(http, status, error);
    }
}

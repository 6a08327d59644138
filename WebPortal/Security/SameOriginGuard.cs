namespace OrleansP2P.WebPortal.Security;

/// <summary>
/// Cross-site request forgery: a cookie-authenticated unsafe request (POST, PUT, DELETE, PATCH) is refused with
/// 403 unless its <c>Origin</c> is exactly the app's own origin, or <c>Sec-Fetch-Site</c> is <c>same-origin</c>
/// or <c>none</c> (typed in the address bar). A page on another port of the same host is same-<em>site</em>, so
/// SameSite cookies do not stop its forms; its <c>Origin</c> differs, so this does. A request with neither
/// header (curl, scripts) passes: browsers always send one of them on an unsafe request.
/// </summary>
public sealed class SameOriginGuard(RequestDelegate next, string cookieName)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!IsUnsafe(request.Method) || !request.Cookies.ContainsKey(cookieName) || IsAllowed(request))
        {
            return next(http);
        }

        return ErrorResponses.WriteAsync(http, StatusCodes.Status403Forbidden,
            "Cross-origin request refused: a logged-in browser may change things only from this app's own pages.");
    }

    /// <summary>The rule, by itself: neither header passes; otherwise the exact origin or a same-origin fetch.</summary>
    public static bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        var site = request.Headers["Sec-Fetch-Site"];
        if (origin.Count == 0 && site.Count == 0)
        {
            return true;
        }

        if (origin.Count == 1 && string.Equals(origin[0], OwnOrigin(request), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return site.Count == 1 && site[0] is "same-origin" or "none";
    }

    private static string OwnOrigin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);
}

namespace OrleansP2P.WebPortal.Security;

public static class SecurityExtensions
{
    /// <summary>The largest login or sign-up body: a username and a password, with room to spare.</summary>
    public const long MaxCredentialsBytes = 16 * 1024;

    /// <summary>
    /// The portal's defences, outermost first: security headers on every response, JSON for every API error,
    /// small bodies for credentials, the same-origin rule for cookie-authenticated unsafe requests, and
    /// the throttling of failed logins and sign-ups.
    /// </summary>
    public static IApplicationBuilder UsePortalSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ApiErrors>();
        app.Use((http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && IsCredentialsPath(http.Request.Path) &&
                http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxCredentialsBytes;
            }

            return next(http);
        });
        app.UseMiddleware<SameOriginGuard>(Identity.AuthenticationExtensions.CookieName);
        app.UseMiddleware<LoginThrottling>();
        return app;
    }

    /// <summary>Login and sign-up, as API calls and as the pages' form posts.</summary>
    public static bool IsCredentialsPath(PathString path) =>
        path.Equals("/api/login", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/token", StringComparison.OrdinalIgnoreCase) ||
        path.Equals("/api/signup", StringComparison.OrdinalIgnoreCase) ||
        path.Equals("/login", StringComparison.OrdinalIgnoreCase) || path.Equals("/signup", StringComparison.OrdinalIgnoreCase);
}

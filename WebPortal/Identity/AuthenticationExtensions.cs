using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OrleansP2P.WebPortal.Api;

namespace OrleansP2P.WebPortal.Identity;

public static class AuthenticationExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "OrleansP2P";

    /// <summary>The API's bearer tokens (<c>POST /api/token</c>, then <c>Authorization: Bearer …</c>).</summary>
    public const string TokenScheme = BearerTokenDefaults.AuthenticationScheme;

    /// <summary>Picks the cookie or the bearer token for each request.</summary>
    private const string CookieOrToken = "CookieOrToken";

    /// <summary>
    /// Cookie sign-in, the Blazor Web App way, and bearer tokens for scripts (ASP.NET Core's <c>AddBearerToken</c>):
    /// either stays valid only while the peer still has the session that login opened (each login its own); an API
    /// call without a valid login gets 401 problem (JSON), never a redirect to the login page. A request with an
    /// <c>Authorization: Bearer</c> header is judged by its token alone, every other by its cookie.
    /// </summary>
    public static IServiceCollection AddP2PAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieOrToken)
            .AddPolicyScheme(CookieOrToken, null, options =>
            {
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? TokenScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme;

                // Every refusal is the same 401 problem (or, for pages, the redirect to the login page).
                options.ForwardChallenge = CookieAuthenticationDefaults.AuthenticationScheme;
                options.ForwardForbid = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddBearerToken(TokenScheme, options =>
            {
                // No refresh route: a script logs in again. The session, not the token, is what logout revokes.
                options.BearerTokenExpiration = TimeSpan.FromHours(8);
            })
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.LogoutPath = "/account/logout";
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => RespondOrRedirect(context, StatusCodes.Status401Unauthorized, "Log in first.");
                options.Events.OnRedirectToAccessDenied = context => RespondOrRedirect(context, StatusCodes.Status403Forbidden, "Not allowed.");
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, SessionCircuitHandler>();
        return services;
    }

    /// <summary>Every request is checked against its own session, which the peer grain owns.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user || !await SessionCheck.IsOpenAsync(user, context.HttpContext.RequestServices))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>
    /// A bearer token is checked against its own session on every request, as a cookie is by
    /// <c>OnValidatePrincipal</c> (the bearer handler has no such event): a token whose session has ended makes the
    /// request anonymous, so it gets 401. Grain calls made while handling a signed-in request carry its session, so
    /// the peer can refuse an ended one too.
    /// </summary>
    public static IApplicationBuilder UseP2PSessions(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: TokenScheme } &&
                !await SessionCheck.IsOpenAsync(context.User, context.RequestServices))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }

            SessionContext.Use(context.User.SessionOf());
            await next(context);
        });

    private static Task RespondOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status, string error)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return ApiResults.WriteProblemAsync(context.HttpContext, status, error);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

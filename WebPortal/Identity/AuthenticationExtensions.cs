using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OrleansP2P.WebPortal.Api;

namespace OrleansP2P.WebPortal.Identity;

public static class AuthenticationExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "OrleansP2P";

    /// <summary>
    /// Cookie sign-in, the Blazor Web App way. A cookie stays valid only while the peer still has the session
    /// that login opened (each login its own); an API call without a valid login gets 401 problem (JSON), never a redirect to the login page.
    /// </summary>
    public static IServiceCollection AddP2PAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
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

    /// <summary>Grain calls made while handling a signed-in request carry its session, so the peer can refuse an ended one.</summary>
    public static IApplicationBuilder UseP2PSessions(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            SessionContext.Use(context.User.SessionOf());
            return next(context);
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

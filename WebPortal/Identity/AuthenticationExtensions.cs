using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OrleansP2P.WebPortal.Api;

namespace OrleansP2P.WebPortal.Identity;

public static class AuthenticationExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "OrleansP2P";

    /// <summary>
    /// Cookie sign-in, the Blazor Web App way. A cookie stays valid only while the tracker still has the
    /// peer's session; an API call without a valid login gets 401 problem (JSON), never a redirect to the login page.
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
        return services;
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var username = context.Principal?.PeerName();
        var session = context.Principal?.FindFirst(PeerClaims.SessionId)?.Value;
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var network = context.HttpContext.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.Network;
        if (username is null || session is null || await grains.GetTracker(network).GetSessionAsync(username) != session)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

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

using Microsoft.AspNetCore.Mvc;

namespace OrleansP2P.WebPortal.Identity;

public static class AccountEndpoints
{
    /// <summary>The logout form's target (a POST with an antiforgery token, from the app bar).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/account/logout", async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await PortalSignIn.LogOutAsync(http);
            return TypedResults.LocalRedirect("/login");
        }).ExcludeFromDescription();
        return routes;
    }
}

using System.Security.Claims;

namespace OrleansP2P.WebPortal.Identity;

/// <summary>What the portal's cookie or bearer token says about its user: the peer it logged in as, and the session that login opened.</summary>
public static class PeerClaims
{
    public const string SessionId = "p2p:session";

    /// <param name="scheme">Whose principal: the cookie's (the default) or a bearer token's (<see cref="AuthenticationExtensions.TokenScheme"/>).</param>
    public static ClaimsPrincipal Create(string username, string sessionId, string scheme = Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, username), new Claim(SessionId, sessionId)], scheme));

    /// <summary>The peer this principal acts as, or null when nobody is logged in.</summary>
    public static string? PeerName(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    /// <summary>The session id of this principal's login, or null.</summary>
    public static string? SessionOf(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(SessionId)?.Value : null;
}

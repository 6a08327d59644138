using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Identity;

/// <summary>
/// Logging in and out, once for the login and sign-up pages, the app bar's logout form and the API: the
/// peer's account checks the password and opens a session, and the cookie carries that session.
/// </summary>
public static class PortalSignIn
{
    /// <summary>Logs in; on 200 the response carries the session cookie. Any other reply changes nothing.</summary>
    public static async Task<LoginReply> LogInAsync(HttpContext http, string username, string password)
    {
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var network = http.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.Network;
        var reply = await grains.LogInAsync(network, new LoginRequest(username, password));
        if (reply.Status == P2PStatus.Ok)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PeerClaims.Create(reply.Username, reply.SessionId!));
        }

        return reply;
    }

    /// <summary>Ends this login's session at the peer (the user's other logins stay) and drops the cookie; a bearer token of it is dead from now on.</summary>
    public static async Task LogOutAsync(HttpContext http)
    {
        if (await CurrentPeer.BindAsync(http) is { } me)
        {
            await me.EndSessionAsync();
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace OrleansP2P.WebPortal.Identity;

/// <summary>Asks the peer grain, which owns the sessions, whether a principal's own session is still open.</summary>
public static class SessionCheck
{
    public static async Task<bool> IsOpenAsync(ClaimsPrincipal user, IServiceProvider services)
    {
        if (user.PeerName() is not { } username || user.SessionOf() is not { } session || !Protocol.Usernames.IsValid(username))
        {
            return false;
        }

        var network = services.GetRequiredService<IOptions<PortalOptions>>().Value.Network;
        return await services.GetRequiredService<IGrainFactory>().GetPeerAccount(network, username).CheckSessionAsync(session);
    }
}

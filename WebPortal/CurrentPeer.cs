using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using OrleansP2P.WebPortal.Identity;

namespace OrleansP2P.WebPortal;

/// <summary>
/// The peer the signed-in user acts as — never another — in the session this login opened. API endpoints
/// receive it bound from the request's user; components build it from <see cref="AuthenticationStateProvider"/>.
/// </summary>
public sealed class CurrentPeer(string username, string sessionId, string network, IGrainFactory grains)
{
    public string Username { get; } = username;

    /// <summary>The session of this login (a browser's cookie, a script's): the peer checks it on every client call.</summary>
    public string SessionId { get; } = sessionId;

    public string Network { get; } = network;

    public IPeerClientGrain Peer => grains.GetPeer(Network, Username);

    public ITrackerGrain Tracker => grains.GetTracker(Network);

    /// <summary>The peer lists: host, reachable and signed in, from derived indexes (no peer grain is asked).</summary>
    public IPresenceGrain Presence => Hosts.HostGrainKeys.GetPresence(grains, Network);

    /// <summary>The file grain of <paramref name="name"/> (a valid name): its holders, read-only.</summary>
    public IFileGrain FileOf(string name) => grains.GetFile(Network, Protocol.FileKey.Compute(name));

    /// <summary>Ends this login's session only; the user's other browsers and scripts stay logged in.</summary>
    public Task<Protocol.Reply> EndSessionAsync() => grains.GetPeerAccount(Network, Username).EndSessionAsync(SessionId);

    /// <summary>Minimal API binding: the route runs only behind RequireAuthorization, so a user is there.</summary>
    public static ValueTask<CurrentPeer?> BindAsync(HttpContext http) =>
        ValueTask.FromResult(From(http.User, http.RequestServices));

    public static async Task<CurrentPeer?> FromAsync(AuthenticationStateProvider authentication, IServiceProvider services) =>
        From((await authentication.GetAuthenticationStateAsync()).User, services);

    private static CurrentPeer? From(ClaimsPrincipal user, IServiceProvider services) =>
        user.PeerName() is { } name && user.SessionOf() is { } session
            ? new CurrentPeer(name, session, services.GetRequiredService<IOptions<PortalOptions>>().Value.Network, services.GetRequiredService<IGrainFactory>())
            : null;
}

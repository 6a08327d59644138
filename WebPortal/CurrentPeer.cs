using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using OrleansP2P.WebPortal.Identity;

namespace OrleansP2P.WebPortal;

/// <summary>
/// The peer the signed-in user acts as — never another. API endpoints receive it bound from the request's
/// user; components build it from <see cref="AuthenticationStateProvider"/>.
/// </summary>
public sealed class CurrentPeer(string username, string network, IGrainFactory grains)
{
    public string Username { get; } = username;

    public string Network { get; } = network;

    public IPeerClientGrain Peer => grains.GetPeer(Network, Username);

    public ITrackerGrain Tracker => grains.GetTracker(Network);

    /// <summary>Minimal API binding: the route runs only behind RequireAuthorization, so a user is there.</summary>
    public static ValueTask<CurrentPeer?> BindAsync(HttpContext http) =>
        ValueTask.FromResult(From(http.User, http.RequestServices));

    public static async Task<CurrentPeer?> FromAsync(AuthenticationStateProvider authentication, IServiceProvider services) =>
        From((await authentication.GetAuthenticationStateAsync()).User, services);

    private static CurrentPeer? From(ClaimsPrincipal user, IServiceProvider services) =>
        user.PeerName() is { } name
            ? new CurrentPeer(name, services.GetRequiredService<IOptions<PortalOptions>>().Value.Network, services.GetRequiredService<IGrainFactory>())
            : null;
}

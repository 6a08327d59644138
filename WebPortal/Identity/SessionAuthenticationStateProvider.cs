using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace OrleansP2P.WebPortal.Identity;

/// <summary>
/// An interactive circuit's user, checked against its own session every few seconds: once the session has
/// ended (logged out in this browser or through the API), the circuit's user becomes anonymous and the page
/// shows the login page, whatever the same user does elsewhere.
/// </summary>
public sealed class SessionAuthenticationStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>Short enough that a tab whose session ended shows the login page well within 30 s.</summary>
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await SessionCheck.IsOpenAsync(authenticationState.User, scope.ServiceProvider);
    }
}

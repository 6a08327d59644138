using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace OrleansP2P.WebPortal.Identity;

/// <summary>
/// Every event an interactive circuit handles runs in that circuit's session: grain calls it makes carry the
/// session id (<see cref="SessionContext"/>), and the peer refuses them at once if that session has ended —
/// even after the same user logged in again elsewhere.
/// </summary>
public sealed class SessionCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;

            // A circuit whose user is anonymous (its session ended) acts in no session: the grains refuse it.
            SessionContext.Use(user.SessionOf() ?? RevokedMarker);
            await next(context);
        };

    /// <summary>Never an open session's id (those are 64 hex digits): a call carrying it is refused by any peer.</summary>
    private const string RevokedMarker = "ended";
}

using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>Logging in goes to the peer's own account, never through the tracker.</summary>
public static class PeerLogin
{
    public const string InvalidCredentials = "Invalid username or password";

    /// <summary>
    /// Logs <see cref="LoginRequest.Username"/> in to <paramref name="network"/>. A name that breaks the rules
    /// cannot be an account, so it gets 401 without a grain call (the rules are public: its time tells nothing).
    /// </summary>
    public static async Task<LoginReply> LogInAsync(this IGrainFactory grains, string network, LoginRequest request)
    {
        if (!Usernames.IsValid(request.Username))
        {
            return new LoginReply(P2PStatus.Unauthorized, InvalidCredentials, request.Username ?? "", null, 0);
        }

        // A login is no call of an earlier session (a stale cookie on the login page): it starts its own.
        SessionContext.Use(null);
        return await grains.GetPeerAccount(network, request.Username).LogInAsync(request);
    }
}

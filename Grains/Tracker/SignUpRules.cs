using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>What a sign-up must satisfy before any grain is asked: a valid username and a long enough password.</summary>
internal static class SignUpRules
{
    /// <summary>A 400 reply saying what is wrong, or null when the request may go on.</summary>
    public static SignUpReply? Refuse(SignUpRequest request, int minPasswordLength) =>
        !Usernames.TryValidateNew(request.Username, out var nameError) ? new SignUpReply(P2PStatus.BadRequest, nameError, request.Username, null)
        : string.IsNullOrEmpty(request.Password) || request.Password.Length < minPasswordLength
            ? new SignUpReply(P2PStatus.BadRequest, $"The password must have at least {minPasswordLength} characters.", request.Username, null)
        : null;

    /// <summary>Creates the peer's account; a peer whose silo is starting is asked a few times before the 503 stands.</summary>
    public static async Task<SignUpReply> RegisterAsync(IGrainFactory grains, string network, SignUpRequest request)
    {
        var reply = await grains.GetPeerAccount(network, request.Username).RegisterAsync(request);
        for (var retry = 0; reply.Status == P2PStatus.ServiceUnavailable && retry < 3; retry++)
        {
            reply = await grains.GetPeerAccount(network, request.Username).RegisterAsync(request);
        }

        return reply;
    }
}

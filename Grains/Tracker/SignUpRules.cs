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
}

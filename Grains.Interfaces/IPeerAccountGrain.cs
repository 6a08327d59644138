using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One peer's account (keyed by <c>{network}/{username}</c>): its credential and its sessions, set up by the
/// tracker at sign-up and login.
/// </summary>
[Alias("OrleansP2P.IPeerAccountGrain")]
public interface IPeerAccountGrain : IGrainWithStringKey
{
    /// <summary>Stores the new peer's salted password hash and creates its folder.</summary>
    [Alias("Register")]
    Task<SignUpReply> RegisterAsync(SignUpRequest request);

    [Alias("VerifyPassword")]
    Task<bool> VerifyPasswordAsync(string password);

    /// <summary>Reads the folder, announces every file it holds and writes the latest Tracker.txt.</summary>
    [Alias("StartSession")]
    Task<RescanReply> StartSessionAsync(string sessionId);

    [Alias("EndSession")]
    Task EndSessionAsync();
}

using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One peer's account (keyed by <c>{network}/{username}</c>): its credential and its sessions. A session is
/// one login, stored once, here; the tracker keeps only which peers have one, to list them.
/// </summary>
[Alias("OrleansP2P.IPeerAccountGrain")]
public interface IPeerAccountGrain : IGrainWithStringKey
{
    /// <summary>Stores the new peer's salted password hash and creates its folder (the tracker calls this at sign-up).</summary>
    [Alias("Register")]
    Task<SignUpReply> RegisterAsync(SignUpRequest request);

    /// <summary>
    /// Checks the password (off the grain's turn); on success opens a new session, announces every file in the
    /// folder and brings its Tracker.txt up to date. An unknown username spends the same work and gets 401.
    /// </summary>
    [Alias("LogIn"), ResponseTimeout("00:10:00")]
    Task<LoginReply> LogInAsync(LoginRequest request);

    /// <summary>Reconnects with a session that is still open, without a password hash; 401 when it has ended.</summary>
    [Alias("ResumeSession"), ResponseTimeout("00:10:00")]
    Task<LoginReply> ResumeSessionAsync(string sessionId);

    /// <summary>True while <paramref name="sessionId"/> is open (what the portal asks on every request).</summary>
    [Alias("CheckSession")]
    Task<bool> CheckSessionAsync(string sessionId);

    /// <summary>Ends one session; the peer's other sessions stay. 404 when it was not open.</summary>
    [Alias("EndSession")]
    Task<Reply> EndSessionAsync(string sessionId);
}

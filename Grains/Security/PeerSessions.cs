using System.Security.Cryptography;
using System.Text;

namespace OrleansP2P.Security;

/// <summary>
/// A peer's sessions: one per login (a browser's cookie, a script's token), each revocable on its own. Only a
/// SHA-256 fingerprint of each session id is kept, so a copy of the database holds no usable session.
/// </summary>
public static class PeerSessions
{
    /// <summary>A new session id: 256 random bits, hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Fingerprint(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));

    /// <summary>The sessions with <paramref name="sessionId"/> added, started at <paramref name="now"/>.</summary>
    public static ImmutableDictionary<string, DateTimeOffset> Open(ImmutableDictionary<string, DateTimeOffset> sessions, string sessionId, DateTimeOffset now) =>
        sessions.SetItem(Fingerprint(sessionId), now);

    /// <summary>The sessions without <paramref name="sessionId"/>; the others stay.</summary>
    public static ImmutableDictionary<string, DateTimeOffset> Revoke(ImmutableDictionary<string, DateTimeOffset> sessions, string sessionId) =>
        sessions.Remove(Fingerprint(sessionId));

    public static bool IsOpen(ImmutableDictionary<string, DateTimeOffset> sessions, string? sessionId) =>
        !string.IsNullOrEmpty(sessionId) && sessions.ContainsKey(Fingerprint(sessionId));
}

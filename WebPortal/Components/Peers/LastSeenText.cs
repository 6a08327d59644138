using System.Globalization;
using OrleansP2P.Hosts;

namespace OrleansP2P.WebPortal.Components.Peers;

/// <summary>"last seen" in words: now while signed in, else how long ago the peer was last seen signed in.</summary>
public static class LastSeenText
{
    public static string Of(PeerPresence peer, DateTimeOffset now)
    {
        if (peer.SignedIn)
        {
            return "seen now";
        }

        if (peer.Activity.LastSeen is not { } seen)
        {
            return "never seen";
        }

        var ago = now - seen;
        return ago switch
        {
            { TotalMinutes: < 1 } => "last seen just now",
            { TotalHours: < 1 } => $"last seen {(int)ago.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"last seen {(int)ago.TotalHours} h ago",
            _ => $"last seen {(int)ago.TotalDays} d ago",
        };
    }

    /// <summary>The exact time, for a tooltip.</summary>
    public static string? Exact(PeerPresence peer) =>
        peer.Activity.LastSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

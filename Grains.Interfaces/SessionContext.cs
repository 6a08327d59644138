namespace OrleansP2P;

/// <summary>
/// The session a call is made in, carried in Orleans' <see cref="RequestContext"/> from the portal (an HTTP
/// request, or an interactive circuit's event) to the peer grain. A client call made in a session that has
/// ended is refused at once, even while the same user has other sessions. Calls without one (tests, tools)
/// are refused only when the peer has no session at all.
/// </summary>
public static class SessionContext
{
    private const string Key = "p2p.session";

    /// <summary>Makes every grain call that follows in this async flow carry <paramref name="sessionId"/>.</summary>
    public static void Use(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            RequestContext.Remove(Key);
        }
        else
        {
            RequestContext.Set(Key, sessionId);
        }
    }

    /// <summary>The session of the call being handled, or null.</summary>
    public static string? Current => RequestContext.Get(Key) as string;
}

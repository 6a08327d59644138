namespace OrleansP2P.Hosts;

/// <summary>
/// Which failures of a call to a peer mean "that peer is offline" (503) rather than a fault (500): its host has no
/// live silo (the placement refusal), its silo is gone or unreachable, or it did not answer before the deadline.
/// Until membership declares a killed silo dead, calls to it fail with connection errors or time-outs.
/// </summary>
public static class Offline
{
    /// <summary>The reason "user3 is offline: …" when <paramref name="exception"/> means offline; else null.</summary>
    public static string? Describe(Exception exception, string peer)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HostUnavailableException down:
                    return down.Message;
                case TimeoutException:
                    return $"{peer} is offline: its host did not answer in time.";
                case SiloUnavailableException:
                    return $"{peer} is offline: its host's silo is unavailable.";
                case OrleansMessageRejectionException:
                    return $"{peer} is offline: its host cannot be reached.";
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    return Describe(aggregate.InnerExceptions[0], peer);
            }

            // Connection failures are internal types of Orleans; known by name so a refused socket is not a 500.
            if (e.GetType().Name is "ConnectionFailedException" or "ConnectionAbortedException" or "GatewayTooBusyException")
            {
                return $"{peer} is offline: its host cannot be reached.";
            }
        }

        return null;
    }

    public static bool IsOffline(Exception exception) => Describe(exception, "") is not null;

    /// <summary>The host named by a placement refusal, if that is what <paramref name="exception"/> is.</summary>
    public static string? DownHostOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HostUnavailableException down)
            {
                return down.Host;
            }
        }

        return null;
    }
}

namespace OrleansP2P.Hosts;

/// <summary>Which hosts a new peer may be homed on, and which one it gets when it names none.</summary>
public static class HostChoice
{
    /// <summary>The hosts with a live silo, by name.</summary>
    public static ImmutableArray<string> Live(IEnumerable<HostInfo> hosts) =>
        [.. hosts.Where(h => h.Live).Select(h => h.Name).Order(StringComparer.Ordinal)];

    /// <summary>
    /// <paramref name="local"/> (the co-hosted silo's host) when it is live, else the live host with the fewest
    /// peers (by name on a tie); null when no host is up.
    /// </summary>
    public static string? Default(IEnumerable<HostInfo> hosts, string? local)
    {
        var live = hosts.Where(h => h.Live).ToList();
        return local is not null && live.Any(h => h.Name == local)
            ? local
            : live.OrderBy(h => h.Peers).ThenBy(h => h.Name, StringComparer.Ordinal).FirstOrDefault()?.Name;
    }
}

using Orleans.Placement;

namespace OrleansP2P.Hosting;

/// <summary>
/// A grain that runs only on a silo of its home host: a peer (home from <see cref="PeerHomes"/>), or a grain whose
/// key starts with <c>host:{name}/</c>. There is no fallback: with no live silo on that host the call fails with
/// <see cref="Hosts.HostUnavailableException"/>. Other grains keep Orleans' default placement.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.HomeHostPlacement")]
public sealed class HomeHostPlacement : PlacementStrategy
{
    public const string HostKeyPrefix = "host:";

    internal static readonly HomeHostPlacement Instance = new();

    /// <summary>A grain key pinned to <paramref name="host"/>.</summary>
    public static string KeyOn(string host, string rest) => $"{HostKeyPrefix}{host}/{rest}";

    /// <summary>The host a pinned key names, or null.</summary>
    public static string? HostInKey(string key) =>
        key.StartsWith(HostKeyPrefix, StringComparison.Ordinal) && key.IndexOf('/', HostKeyPrefix.Length) is var slash and > 0
            ? key[HostKeyPrefix.Length..slash]
            : null;
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class HomeHostPlacementAttribute() : PlacementAttribute(HomeHostPlacement.Instance);

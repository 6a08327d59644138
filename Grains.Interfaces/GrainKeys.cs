namespace OrleansP2P;

/// <summary>
/// How grains of one network are named. Every network has its own tracker, peers and files, so several
/// networks (the portal's, and one per test) share a cluster without seeing each other.
/// </summary>
public static class GrainKeys
{
    public const string DefaultNetwork = "main";

    public static string Peer(string network, string username) => $"{network}/{username}";

    public static string File(string network, string key) => $"{network}/{key}";

    /// <summary>Splits a peer or file grain key into its network and its local part.</summary>
    public static (string Network, string Local) Split(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        return slash < 0
            ? throw new ArgumentException($"'{grainKey}' is not a '{{network}}/{{name}}' grain key.", nameof(grainKey))
            : (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    public static ITrackerGrain GetTracker(this IGrainFactory grains, string network = DefaultNetwork) =>
        grains.GetGrain<ITrackerGrain>(network);

    /// <summary>Shard <paramref name="index"/> (0 … 63) of a network's tracker records.</summary>
    public static ITrackerShardGrain GetTrackerShard(this IGrainFactory grains, string network, int index) =>
        grains.GetGrain<ITrackerShardGrain>($"{network}/{index:x2}");

    /// <summary>The failed-login counters of one client address (as text, e.g. <c>127.0.0.9</c>) in a network.</summary>
    public static ILoginThrottleGrain GetLoginThrottle(this IGrainFactory grains, string network, string address) =>
        grains.GetGrain<ILoginThrottleGrain>($"{network}/{address}");

    /// <summary>The peer as its user's client: what the portal, tests and tools act through.</summary>
    public static IPeerClientGrain GetPeer(this IGrainFactory grains, string network, string username) =>
        grains.GetGrain<IPeerClientGrain>(Peer(network, username));

    /// <summary>The same peer as a server: what other peers and file grains ask of it.</summary>
    public static IPeerServerGrain GetPeerServer(this IGrainFactory grains, string network, string username) =>
        grains.GetGrain<IPeerServerGrain>(Peer(network, username));

    /// <summary>The same peer's account: credential and sessions.</summary>
    public static IPeerAccountGrain GetPeerAccount(this IGrainFactory grains, string network, string username) =>
        grains.GetGrain<IPeerAccountGrain>(Peer(network, username));

    public static IFileGrain GetFile(this IGrainFactory grains, string network, string key) =>
        grains.GetGrain<IFileGrain>(File(network, key));

    public static IPieceListGrain GetPieceList(this IGrainFactory grains, string network, string key) =>
        grains.GetGrain<IPieceListGrain>(File(network, key));
}

using OrleansP2P.Hosts;

namespace OrleansP2P;

/// <summary>
/// The cluster's hosts (key 0): every host a silo has started on, each peer's home host (a derived index for
/// listings; the authoritative home is the peer's own record), and the deliveries waiting for a host that is down,
/// which it wakes when a silo of that host joins.
/// </summary>
[Alias("OrleansP2P.IHostRegistryGrain")]
public interface IHostRegistryGrain : IGrainWithIntegerKey
{
    [Alias("RegisterHost")]
    Task RegisterHostAsync(string host);

    [Alias("ListHosts")]
    Task<ImmutableArray<HostInfo>> ListHostsAsync();

    /// <summary>Notes a new peer's home, for listings and for choosing the host with the fewest peers.</summary>
    [Alias("RecordHome")]
    Task RecordHomeAsync(string network, string username, string host);

    /// <summary>Each peer of the network with its home host.</summary>
    [Alias("ListHomes")]
    Task<ImmutableDictionary<string, string>> ListHomesAsync(string network);

    /// <summary>The networks that have peers, read from grain storage (not from any disk).</summary>
    [Alias("ListNetworks")]
    Task<ImmutableArray<string>> ListNetworksAsync();

    /// <summary>A file grain (by its full key) has a delivery for a peer of <paramref name="host"/>, which is down: wake it when the host is back.</summary>
    [Alias("WaitForHost")]
    Task WaitForHostAsync(string host, string fileGrainKey);

    /// <summary>A silo of <paramref name="host"/> is live: every delivery waiting for it is resumed.</summary>
    [Alias("WakeHost"), Orleans.Concurrency.OneWay]
    Task WakeHostAsync(string host);
}

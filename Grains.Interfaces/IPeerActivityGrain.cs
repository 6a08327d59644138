using OrleansP2P.Hosts;

namespace OrleansP2P;

/// <summary>
/// The network's record of what its peers did (keyed by network name): the one place last seen and files and
/// bytes served are kept. Each peer grain counts in memory and reports what changed, at most about once a second,
/// so serving a chunk never waits for a write. <see cref="IPresenceGrain"/> joins it into the peer lists.
/// </summary>
[Alias("OrleansP2P.IPeerActivityGrain")]
public interface IPeerActivityGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="change"/> (a later last seen, served counts since the last report) to the peer's record.</summary>
    [Alias("Record")]
    Task RecordAsync(string username, PeerActivity change);

    [Alias("List")]
    Task<ImmutableDictionary<string, PeerActivity>> ListAsync();
}

using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Hosting;

/// <summary>Joins the derived indexes into what the peer lists show (see <see cref="IPresenceGrain"/>).</summary>
public static class PresenceIndex
{
    /// <param name="peers">The tracker's list: every registered peer, and whether it reported a live session.</param>
    /// <param name="homes">The host registry's index of homes.</param>
    /// <param name="liveSilos">Live silos by host, as this silo's membership sees them.</param>
    /// <param name="activity">The network's activity record (last seen, served); none for a peer not yet in it.</param>
    public static ImmutableArray<PeerPresence> Join(
        IEnumerable<PeerSummary> peers,
        IReadOnlyDictionary<string, string> homes,
        IReadOnlyDictionary<string, int> liveSilos,
        IReadOnlyDictionary<string, PeerActivity>? activity = null) =>
        [.. peers.Select(peer =>
        {
            var host = homes.GetValueOrDefault(peer.Username);

            // A peer with no home record yet (signed up before hosts existed, not migrated) runs wherever it is called.
            var reachable = host is null ? liveSilos.Count > 0 : liveSilos.ContainsKey(host);

            // Sessions outlive a host's death (they are stored), but none of them can do anything until the host is
            // back, and the report of a peer that died is never withdrawn: an unreachable peer is not signed in.
            return new PeerPresence(peer.Username, host, reachable, reachable && peer.Online)
            {
                Activity = activity?.GetValueOrDefault(peer.Username) ?? PeerActivity.None,
            };
        })];
}

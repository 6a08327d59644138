using OrleansP2P.Hosts;

namespace OrleansP2P;

/// <summary>
/// The peers of one network (keyed by network name) with host, reachable and signed in, joined from three derived
/// indexes: the tracker's presence list (sessions the peers report), the host registry's homes, and this silo's view
/// of membership. No peer grain is asked, so a list costs the same however many peers are offline.
/// </summary>
[Alias("OrleansP2P.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    [Alias("ListPeers")]
    Task<ImmutableArray<PeerPresence>> ListPeersAsync();
}

using Orleans.Runtime.Placement;
using OrleansP2P.Hosts;

namespace OrleansP2P.Hosting;

/// <summary>
/// Places a <see cref="HomeHostPlacement"/> grain on a silo of its home host (this silo when it is one), and refuses
/// when that host has no live silo, so a peer never runs where its folder is not. A peer without a home record whose
/// folder is on this host's disk (it signed up before hosts existed) is given this host as its home; one with no
/// folder here (a name that never signed up, for the decoy check) has nothing to protect and is placed here.
/// </summary>
internal sealed class HostPlacementDirector(PeerHomes homes, LegacyHomes legacy, LiveHosts hosts) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var key = target.GrainIdentity.Key.ToString();
        var home = HomeHostPlacement.HostInKey(key) ?? await homes.ReadAsync(target.GrainIdentity) ?? await legacy.AdoptIfHereAsync(target.GrainIdentity);
        if (home is null)
        {
            return silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[Random.Shared.Next(silos.Length)];
        }

        var onHome = silos.Where(s => hosts.HostOf(s) == home).ToArray();
        if (onHome.Length == 0)
        {
            var peer = key.IndexOf('/') is var slash and >= 0 ? key[(slash + 1)..] : key;
            throw new HostUnavailableException(peer, home);
        }

        return onHome.Contains(context.LocalSilo) ? context.LocalSilo : onHome[Random.Shared.Next(onHome.Length)];
    }
}

using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Hosting;

/// <summary>
/// Fixes a new peer's home host at sign-up, before its grain first activates (placement reads it): the host asked
/// for (unknown → 400, down → 503), else the reachable host with the fewest peers.
/// </summary>
public sealed class HomeAssignment(PeerHomes homes, LiveHosts live, HostIdentity self)
{
    /// <returns>The refusal to send back, or null once the home is stored.</returns>
    public async Task<SignUpReply?> AssignAsync(IGrainFactory grains, string network, SignUpRequest request)
    {
        var registry = grains.GetHostRegistry();
        // This silo is up whatever membership has said yet (a startup task, such as the demo seed, runs before the
        // registry or the metadata of this very silo are known everywhere).
        var silos = new Dictionary<string, int>(live.SilosByHost()) { [self.Name] = Math.Max(1, live.SilosByHost().GetValueOrDefault(self.Name)) };
        var listed = await registry.ListHostsAsync();
        var known = listed.Any(h => h.Name == self.Name) ? listed : listed.Add(new Hosts.HostInfo(self.Name, true, 1, 0));
        string host;
        if (request.Host is { Length: > 0 } asked)
        {
            if (!known.Any(h => h.Name == asked) && !silos.ContainsKey(asked))
            {
                return new SignUpReply(P2PStatus.BadRequest, $"There is no host named '{asked}' (hosts: {string.Join(", ", known.Select(h => h.Name))}).", request.Username, null);
            }

            if (!silos.ContainsKey(asked))
            {
                return new SignUpReply(P2PStatus.ServiceUnavailable, $"Host {asked} is down; sign up on another host or try again later.", request.Username, null);
            }

            host = asked;
        }
        else if (HostChoice.Default(known.Select(h => h with { Live = silos.ContainsKey(h.Name) }), local: null) is { } fewest)
        {
            host = fewest;
        }
        else if (silos.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } any)
        {
            host = any;
        }
        else
        {
            return new SignUpReply(P2PStatus.ServiceUnavailable, "No host is up to take a new peer.", request.Username, null);
        }

        await homes.SetAsync(grains.GetPeer(network, request.Username).GetGrainId(), host);
        return null;
    }

    /// <summary>After the peer registered: the listings learn its home.</summary>
    public async Task RecordAsync(IGrainFactory grains, string network, string username)
    {
        if (await homes.ReadAsync(grains.GetPeer(network, username).GetGrainId()) is { } host)
        {
            await grains.GetHostRegistry().RecordHomeAsync(network, username, host);
        }
    }
}

using Microsoft.Extensions.Logging;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// Gives a home to a peer that signed up before hosts existed (it has no home record): the host whose disk has its
/// folder. Such a peer was placed on whichever silo called it, so its folder is where a shared data root put it;
/// the first host to find it there claims it (the store's etag settles a race), and from then on placement pins it.
/// Only the folder a peer gets by default or from <c>P2P:PeerFolders</c> is looked for.
/// </summary>
public sealed class LegacyHomes(PeerHomes homes, PeerFolders folders, HostIdentity self, ILogger<LegacyHomes> logger)
{
    /// <summary>This host, recorded as the peer's home, if its folder is on this host's disk; else null.</summary>
    public async Task<string?> AdoptIfHereAsync(GrainId peer)
    {
        var (network, username) = GrainKeys.Split(peer.Key.ToString()!);
        if (!Directory.Exists(folders.Resolve(network, username, requested: null)))
        {
            return null;
        }

        var home = await homes.SetAsync(peer, self.Name);
        logger.LogInformation("Peer {Username} of network {Network} had no home host: its folder is on host {Host}, which is now its home", LogText.Escape(username), LogText.Escape(network), home);
        return home;
    }
}

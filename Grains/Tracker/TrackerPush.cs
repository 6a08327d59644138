using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Hosting;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tracker;

/// <summary>
/// What a publication round does with a table: publishes the network's Tracker.txt once on every live host (each in
/// its own data root, <see cref="TrackerOnEveryHost"/>), which every folder there that follows it shows at once, and
/// pushes the version to each other peer. Remembers, in memory, which peers follow
/// (they say so when pushed to); after a reactivation the first push asks again.
/// </summary>
internal sealed class TrackerPush(IGrainFactory grains, string network, TrackerOnEveryHost hosts, bool followNetwork, ILogger logger)
{
    private readonly HashSet<string> _followers = new(StringComparer.Ordinal);

    /// <summary>Every peer — online or not — gets the version; one unreachable folder never stops the others.</summary>
    public async Task PushAsync(TrackerSnapshot snapshot, IEnumerable<string> peers)
    {
        if (followNetwork && !await TryPublishAsync(snapshot))
        {
            // Followers keep the previous version until a later round can write; they are pushed to meanwhile.
            _followers.Clear();
        }

        await Task.WhenAll(peers.Where(p => !_followers.Contains(p)).Select(p => SyncAsync(p, snapshot)));
    }

    /// <summary>Writes the network's table on every live host, once each; false (logged) when one of them could not.</summary>
    public Task<bool> TryPublishAsync(TrackerSnapshot snapshot) => hosts.PublishAsync(grains, network, snapshot);

    /// <summary>Hands one peer a version and remembers whether it follows the network's table from now on.</summary>
    public async Task SyncAsync(string username, TrackerSnapshot snapshot)
    {
        try
        {
            if (await grains.GetPeerServer(network, username).SyncTrackerAsync(snapshot) == TrackerFileLink.FollowsNetwork)
            {
                _followers.Add(username);
            }
            else
            {
                _followers.Remove(username);
            }
        }
        catch (Exception exception)
        {
            // That peer catches up at its next push or login.
            _followers.Remove(username);
            logger.LogWarning(exception, "Could not push tracker version {Version} to {Username}", snapshot.Version, LogText.Escape(username));
        }
    }
}

using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Hosting;

namespace OrleansP2P.Tracker;

/// <summary>
/// What a publication round does with a table: one call per live host (<see cref="TrackerOnEveryHost"/> → that
/// host's <see cref="IHostTrackerGrain"/> → the silo's <see cref="TrackerText.ITrackerFileWriter"/>), which brings
/// every folder of that host current: the followers through the shared table, the others through the copies the
/// host lists on disk. O(hosts) calls a round; nothing about folders is remembered here.
/// </summary>
internal sealed class TrackerPush(IGrainFactory grains, string network, TrackerOnEveryHost hosts, ILogger logger)
{
    private bool _everyPeerSynced;

    /// <summary>
    /// Publishes a round's changes on every live host. The first round of an activation also hands the whole table
    /// to every peer once: folders written before the hosts listed their copies on disk get listed then.
    /// </summary>
    /// <para>
    /// Then every host hears that the version is everywhere, or that the round failed: the peers that wait for it
    /// wait on their own host.
    /// </para>
    /// <param name="snapshot">The whole table, made only for the first round of an activation (null after).</param>
    public async Task PushAsync(TrackerChanges changes, Func<TrackerSnapshot> snapshot, IEnumerable<string> peers)
    {
        await hosts.ApplyAsync(grains, network, changes);
        if (!_everyPeerSynced)
        {
            _everyPeerSynced = true;
            var whole = snapshot();
            await Task.WhenAll(peers.Select(p => SyncAsync(p, whole)));
        }

        await AnnounceAsync(changes.Version);
    }

    /// <summary>Tells every live host that <paramref name="version"/> is on every live host, or that its round failed.</summary>
    public Task AnnounceAsync(long version, Exception? failure = null) => hosts.AnnounceAsync(grains, network, version, failure);

    /// <summary>Writes the network's whole table on every live host, once each; false (logged) when one of them could not.</summary>
    public Task<bool> TryPublishAsync(TrackerSnapshot snapshot) => hosts.PublishAsync(grains, network, snapshot);

    /// <summary>Hands one peer a version (a new peer's folder, at sign-up); its folder's disk then says how it follows.</summary>
    public async Task SyncAsync(string username, TrackerSnapshot snapshot)
    {
        try
        {
            await grains.GetPeerServer(network, username).SyncTrackerAsync(snapshot);
        }
        catch (Exception exception)
        {
            // That peer catches up at its next round, login or rescan.
            logger.LogWarning(exception, "Could not push tracker version {Version} to {Username}", snapshot.Version, LogText.Escape(username));
        }
    }
}

using Microsoft.Extensions.Logging;
using OrleansP2P.Diagnostics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Hosting;

/// <summary>
/// Hands a round's table to every live host's <see cref="IHostTrackerGrain"/>, side by side: each host writes it once
/// in its own data root, so the folders there that follow the network's table show it. A host that is down is
/// skipped; it catches up when a silo of it starts (<see cref="HostJoinWatcher"/>).
/// </summary>
public sealed class TrackerOnEveryHost(LiveHosts hosts, ILogger<TrackerOnEveryHost> logger)
{
    /// <summary>Hands every live host the whole table (a tracker's activation).</summary>
    /// <returns>False when a live host could not write it (its followers keep the previous version for now).</returns>
    public Task<bool> PublishAsync(IGrainFactory grains, string network, TrackerSnapshot snapshot) =>
        OnEveryHostAsync(network, snapshot.Version, host => HostTracker(grains, host, network).PublishAsync(snapshot));

    /// <summary>Hands every live host a round's changes, which it applies to its table and writes.</summary>
    /// <returns>False when a live host could not write them (it catches up with the whole table at its next round).</returns>
    public Task<bool> ApplyAsync(IGrainFactory grains, string network, TrackerChanges changes) =>
        OnEveryHostAsync(network, changes.Version, host => HostTracker(grains, host, network).ApplyAsync(changes));

    private async Task<bool> OnEveryHostAsync(string network, long version, Func<string, Task> write)
    {
        var written = await Task.WhenAll(hosts.SilosByHost().Keys.Select(async host =>
        {
            try
            {
                await write(host);
                return true;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Host {Host} could not write tracker version {Version} of network {Network}", host, version, LogText.Escape(network));
                return false;
            }
        }));
        return written.All(w => w);
    }

    private static IHostTrackerGrain HostTracker(IGrainFactory grains, string host, string network) =>
        grains.GetGrain<IHostTrackerGrain>(HomeHostPlacement.KeyOn(host, network));

    /// <summary>
    /// Tells every live host that <paramref name="version"/> is now on every live host (or, with a
    /// <paramref name="failure"/>, that the round for it failed): one-way notices, one per host, that complete the
    /// waits of that host's peers there. A lost notice costs only time: those waits then ask the tracker.
    /// </summary>
    public Task AnnounceAsync(IGrainFactory grains, string network, long version, Exception? failure = null) =>
        Task.WhenAll(hosts.SilosByHost().Keys.Select(async host =>
        {
            try
            {
                var tracker = HostTracker(grains, host, network);
                await (failure is null ? tracker.PublishedEverywhereAsync(version) : tracker.RoundFailedAsync(version, failure.Message));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Host {Host} was not told of tracker version {Version} of network {Network}", host, version, LogText.Escape(network));
            }
        }));
}

using Microsoft.Extensions.Options;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Hosting;

/// <summary>
/// Writes a network's table into this host's data root through the silo's <see cref="ITrackerFileWriter"/>; not
/// reentrant, so two rounds never race on the file. It also keeps what the tracker said is published everywhere
/// (<see cref="PublishedWaits"/>), for the peers of this host to wait on without a call to the tracker.
/// </summary>
[HomeHostPlacement]
public sealed class HostTrackerGrain(PeerFolders folders, ITrackerFileWriter writer, IOptions<P2POptions> options) : Grain, IHostTrackerGrain
{
    /// <summary>How long a wait trusts the tracker's notices before it asks the tracker (a lost notice costs no more).</summary>
    internal static readonly TimeSpan NoticePatience = TimeSpan.FromSeconds(5);

    private PublishedWaits? _waits;

    private string Network => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private PublishedWaits Waits => _waits ??= new(v => GrainFactory.GetTracker(Network).AwaitPublishedAsync(v), NoticePatience);

    public Task PublishAsync(TrackerSnapshot snapshot) =>
        writer.PublishAsync(folders.NetworkRoot(Network), snapshot, options.Value.TrackerFiles);

    public Task AwaitPublishedAsync(long version) => Waits.WaitForAsync(version);

    public Task PublishedEverywhereAsync(long version)
    {
        Waits.Reached(version);
        return Task.CompletedTask;
    }

    public Task RoundFailedAsync(long version, string reason)
    {
        Waits.Failed(version, reason);
        return Task.CompletedTask;
    }
}

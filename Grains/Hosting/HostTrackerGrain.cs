using Microsoft.Extensions.Options;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Hosting;

/// <summary>
/// Keeps a network's table on this host (<see cref="RenderedTable"/>, in memory: the tracker is its source of
/// truth, and a new activation fetches it whole) and writes it into this host's data root through the silo's
/// <see cref="ITrackerFileWriter"/>; not reentrant, so two rounds never race on the table or the file. It also
/// keeps what the tracker said is published everywhere (<see cref="PublishedWaits"/>), for the peers of this host
/// to wait on without a call to the tracker.
/// </summary>
[HomeHostPlacement]
public sealed class HostTrackerGrain(PeerFolders folders, ITrackerFileWriter writer, IOptions<P2POptions> options) : Grain, IHostTrackerGrain
{
    /// <summary>How long a wait trusts the tracker's notices before it asks the tracker (a lost notice costs no more).</summary>
    internal static readonly TimeSpan NoticePatience = TimeSpan.FromSeconds(5);

    private readonly RenderedTable _table = new();
    private PublishedWaits? _waits;

    private string Network => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private PublishedWaits Waits => _waits ??= new(v => GrainFactory.GetTracker(Network).AwaitPublishedAsync(v), NoticePatience);

    public Task PublishAsync(TrackerSnapshot snapshot)
    {
        if (snapshot.Version > _table.Version)
        {
            _table.Reset(snapshot);
        }

        return WriteAsync();
    }

    public async Task ApplyAsync(TrackerChanges changes)
    {
        if (!_table.TryApply(changes))
        {
            // The tracker's table now is at least the changes' version (it made them before it called).
            _table.Reset(await GrainFactory.GetTracker(Network).GetSnapshotAsync());
        }

        await WriteAsync();
    }

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

    private Task WriteAsync() => writer.PublishAsync(folders.NetworkRoot(Network), _table.Text, options.Value.TrackerFiles);
}

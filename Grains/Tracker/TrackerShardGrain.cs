using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// The durable copy of one tracker shard (<see cref="TrackerShardFiles"/>). Not reentrant: writes come one at a
/// time. Placed beside the tracker that activates it, so a write is a local call and the tracker's table load at
/// activation stays on one silo.
/// </summary>
[PreferLocalPlacement]
public sealed class TrackerShardGrain(
    [PersistentState("shard", StorageNames.Metadata)] IPersistentState<TrackerShard> state) : Grain, ITrackerShardGrain
{
    private TrackerShardFiles? _files;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _files = new TrackerShardFiles(state, ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata), this.GetGrainId());
        return _files.ActivateAsync();
    }

    public Task<TrackerShardRecords> LoadAsync() => Task.FromResult(_files!.Records);

    public Task ApplyAsync(TrackerShardChanges changes) => changes.IsEmpty ? Task.CompletedTask : _files!.ApplyAsync(changes);
}

using Orleans.Placement;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// The durable copy of one tracker shard. Not reentrant: writes come one at a time. Placed beside the tracker
/// that activates it, so a write is a local call and the tracker's table load at activation stays on one silo.
/// </summary>
[PreferLocalPlacement]
public sealed class TrackerShardGrain(
    [PersistentState("shard", StorageNames.Metadata)] IPersistentState<TrackerShard> state) : Grain, ITrackerShardGrain
{
    public Task<TrackerShardRecords> LoadAsync() =>
        Task.FromResult(new TrackerShardRecords(state.State.Files, state.State.Peers, state.State.Online));

    public async Task ApplyAsync(TrackerShardChanges changes)
    {
        if (changes.IsEmpty)
        {
            return;
        }

        var shard = state.State;
        shard.Files = shard.Files.SetItems(changes.Files).RemoveRange(changes.RemovedFiles);
        shard.Peers = shard.Peers.Union(changes.Peers);
        foreach (var (username, online) in changes.Online)
        {
            shard.Online = online ? shard.Online.Add(username) : shard.Online.Remove(username);
        }

        await state.WriteStateAsync();
    }
}

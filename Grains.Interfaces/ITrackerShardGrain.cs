using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One 64th of a network's tracker records (key <c>{network}/{shard:x2}</c>): the files whose key and the peers whose
/// username hash into it, in a persistent state of its own. The tracker grain coordinates and keeps the table in
/// memory; each shard grain owns the durable copy of its slice, so a change rewrites one slice, not the network.
/// </summary>
[Alias("OrleansP2P.ITrackerShardGrain")]
public interface ITrackerShardGrain : IGrainWithStringKey
{
    /// <summary>Everything this shard holds (the tracker reads all 64 once, when it activates).</summary>
    [Alias("Load")]
    Task<TrackerShardRecords> LoadAsync();

    /// <summary>Stores the current value of each name the tracker changed; returns once it is written.</summary>
    [Alias("Apply")]
    Task ApplyAsync(TrackerShardChanges changes);
}

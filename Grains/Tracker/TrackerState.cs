using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker's own small record: the version of its table and what is still being delivered. Files, peers
/// and who is online live in the shard grains (<see cref="ITrackerShardGrain"/>); the Legacy fields are where
/// versions before the shards kept them, read once and moved on activation (<see cref="TrackerMigration"/>).
/// </summary>
[GenerateSerializer, Alias("OrleansP2P.TrackerState")]
public sealed class TrackerState
{
    [Id(0)] public ImmutableSortedSet<string> LegacyPeers { get; set; } = ImmutableSortedSet<string>.Empty;

    [Id(1)] public ImmutableDictionary<string, string> LegacySessions { get; set; } = ImmutableDictionary<string, string>.Empty;

    [Id(2)] public ImmutableDictionary<string, FileLocation> LegacyFiles { get; set; } = ImmutableDictionary<string, FileLocation>.Empty;

    [Id(3)] public long Version { get; set; }

    [Id(4)] public DateTimeOffset UpdatedUtc { get; set; } = DateTimeOffset.UnixEpoch;

    [Id(5)] public string LastChange { get; set; } = "";

    /// <summary>Keys whose file grain still has holders waiting for the current version.</summary>
    [Id(6)] public ImmutableSortedSet<string> PendingDeliveries { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>
    /// True once the records live in shard grains. A tracker stored without it may still have the 64 shard states
    /// of the grain itself, or the Legacy fields, to move.
    /// </summary>
    [Id(7)] public bool InShardGrains { get; set; }

    public bool HasLegacyRecords => !LegacyPeers.IsEmpty || !LegacySessions.IsEmpty || !LegacyFiles.IsEmpty;
}

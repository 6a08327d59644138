using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// One slice of the tracker's records: the files whose key, and the peers whose username, fall in this shard.
/// A change writes into its own shard only (and there only the bucket of each file it names, <see cref="TrackerShardFiles"/>).
/// </summary>
[GenerateSerializer, Alias("OrleansP2P.TrackerShard")]
public sealed class TrackerShard
{
    /// <summary>
    /// Hash key → who holds that file, as its file grain last reported. In the tracker's memory, every file of the
    /// shard; in a shard grain's own state, only files from before they were kept in buckets (<see cref="TrackerShardFiles"/>).
    /// </summary>
    [Id(0)] public ImmutableDictionary<string, FileLocation> Files { get; set; } = ImmutableDictionary<string, FileLocation>.Empty;

    [Id(1)] public ImmutableSortedSet<string> Peers { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Before the peers owned their sessions: username → session id. Moved into <see cref="Online"/> at activation.</summary>
    [Id(2)] public ImmutableDictionary<string, string> LegacySessions { get; set; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The peers with at least one open session, as they last reported: an index for listing peers, derived
    /// from the sessions each peer grain owns, never consulted to let a request in.
    /// </summary>
    [Id(3)] public ImmutableSortedSet<string> Online { get; set; } = ImmutableSortedSet<string>.Empty;
}

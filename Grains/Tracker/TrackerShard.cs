using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// One slice of the tracker's records: the files whose key, and the peers whose username, fall in this shard.
/// A change rewrites its own shard only, so a write costs a 64th of the network instead of all of it.
/// </summary>
[GenerateSerializer, Alias("OrleansP2P.TrackerShard")]
public sealed class TrackerShard
{
    /// <summary>Hash key → who holds that file, as its file grain last reported.</summary>
    [Id(0)] public ImmutableDictionary<string, FileLocation> Files { get; set; } = ImmutableDictionary<string, FileLocation>.Empty;

    [Id(1)] public ImmutableSortedSet<string> Peers { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Username → session id of the peers logged in now (the tracker "saves its connection").</summary>
    [Id(2)] public ImmutableDictionary<string, string> Sessions { get; set; } = ImmutableDictionary<string, string>.Empty;
}

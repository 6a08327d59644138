using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

[GenerateSerializer, Alias("OrleansP2P.TrackerState")]
public sealed class TrackerState
{
    [Id(0)] public ImmutableSortedSet<string> Peers { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Username → session id of the peers logged in now (the tracker "saves its connection").</summary>
    [Id(1)] public ImmutableDictionary<string, string> Sessions { get; set; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Hash key → who holds that file, as its file grain last reported.</summary>
    [Id(2)] public ImmutableDictionary<string, FileLocation> Files { get; set; } = ImmutableDictionary<string, FileLocation>.Empty;

    [Id(3)] public long Version { get; set; }

    [Id(4)] public DateTimeOffset UpdatedUtc { get; set; } = DateTimeOffset.UnixEpoch;

    [Id(5)] public string LastChange { get; set; } = "";

    /// <summary>Keys whose file grain still has holders waiting for the current version.</summary>
    [Id(6)] public ImmutableSortedSet<string> PendingDeliveries { get; set; } = ImmutableSortedSet<string>.Empty;
}

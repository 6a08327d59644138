namespace OrleansP2P.Protocol;

/// <summary>What one tracker shard holds: who holds each of its files, its peers, and which of them are online.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TrackerShardRecords")]
public sealed record TrackerShardRecords(
    [property: Id(0)] ImmutableDictionary<string, FileLocation> Files,
    [property: Id(1)] ImmutableSortedSet<string> Peers,
    [property: Id(2)] ImmutableSortedSet<string> Online);

/// <summary>
/// The current value of every name of one shard that changed since its last write. Values, not operations: two
/// writes that arrive in either order, or twice, leave the same records.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TrackerShardChanges")]
public sealed record TrackerShardChanges(
    [property: Id(0)] ImmutableDictionary<string, FileLocation> Files,
    [property: Id(1)] ImmutableArray<string> RemovedFiles,
    [property: Id(2)] ImmutableArray<string> Peers,
    [property: Id(3)] ImmutableDictionary<string, bool> Online)
{
    public bool IsEmpty => Files.IsEmpty && RemovedFiles.IsEmpty && Peers.IsEmpty && Online.IsEmpty;
}

namespace OrleansP2P.Protocol;

/// <summary>
/// A publication round's changes to the network's table, as the tracker sends them to every host: each file changed
/// since the round that published <see cref="FromVersion"/>, with its rows as they are at <see cref="Version"/>.
/// A host whose table is at <see cref="FromVersion"/> or later (and older than <see cref="Version"/>) applies them
/// and has exactly the table of <see cref="Version"/>; any other host fetches the whole table instead. O(changes)
/// to send and to apply, however large the network.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TrackerChanges")]
public sealed record TrackerChanges(
    [property: Id(0)] long FromVersion,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset UpdatedUtc,
    [property: Id(3)] ImmutableArray<FileRows> Files);

/// <summary>One file's Tracker.txt rows now; none when the file is no longer in the table.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileRows")]
public sealed record FileRows([property: Id(0)] string Key, [property: Id(1)] ImmutableArray<TrackerRow> Rows);

namespace OrleansP2P.Protocol;

/// <summary>
/// The tracker table at one version: what every peer writes to its Tracker.txt.
/// <see cref="Change"/> says what made this version ("user4 downloaded File3.txt").
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TrackerSnapshot")]
public sealed record TrackerSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset UpdatedUtc,
    [property: Id(2)] ImmutableArray<TrackerRow> Rows,
    [property: Id(3)] string Change)
{
    public static TrackerSnapshot Empty { get; } = new(0, DateTimeOffset.UnixEpoch, [], "");
}

/// <summary>One line of Tracker.txt: a key, its file name, a layout ("full" or a part) and who holds it.</summary>
/// <param name="Size">
/// Bytes of what the row names (the whole file, or the part) at the file's current version, copied from the file
/// grain's location: the portal's Size column. Not written to Tracker.txt, so null for a row read back from it.
/// </param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TrackerRow")]
public sealed record TrackerRow(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] PartSpec? Part,
    [property: Id(3)] ImmutableArray<string> Holders,
    [property: Id(4)] long? Size = null)
{
    public string Layout => Part?.ToString() ?? "full";
}

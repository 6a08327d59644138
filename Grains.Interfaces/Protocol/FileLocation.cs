namespace OrleansP2P.Protocol;

/// <summary>Who holds a file: the peers with the whole file, and the peers with each part.</summary>
/// <param name="Sha256">The whole file's digest at <see cref="Version"/>; null while the file exists only in parts.</param>
/// <param name="Size">The whole file's size; null while the file exists only in parts.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileLocation")]
public sealed record FileLocation(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string? Sha256,
    [property: Id(4)] long? Size,
    [property: Id(5)] ImmutableArray<string> WholeHolders,
    [property: Id(6)] ImmutableArray<PartLocation> Parts)
{
    /// <summary>
    /// How <see cref="Version"/> is cut into pieces and its root; null for a file of at most one piece, a file known
    /// only in parts, or a version recorded before pieces (verified as a whole, as before).
    /// </summary>
    [Id(7)] public PieceLayout? Pieces { get; init; }

    /// <summary>True when every part 1..n of one layout has a holder, so the file can be assembled.</summary>
    public bool CanAssemble =>
        Parts.Length > 0 &&
        Parts.Select(p => p.Part.Count).Distinct().Count() == 1 &&
        Enumerable.Range(1, Parts[0].Part.Count).All(i => Parts.Any(p => p.Part.Index == i && p.Holders.Length > 0));
}

/// <summary>The holders of one part, and that part's digest and size at the file's current version.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PartLocation")]
public sealed record PartLocation(
    [property: Id(0)] PartSpec Part,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Size,
    [property: Id(3)] ImmutableArray<string> Holders);

/// <summary>200 with the location, or 404 when the network knows no file with this key.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.LocateReply")]
public sealed record LocateReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileLocation? Location) : IReply
{
    /// <summary>Who saved the current version (null for a version first announced, not saved).</summary>
    [Id(3)] public string? CurrentAuthor { get; init; }
}

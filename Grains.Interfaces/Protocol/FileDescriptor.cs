namespace OrleansP2P.Protocol;

/// <summary>One stored copy of a file (whole, or one part of it) at one version.</summary>
/// <param name="Sha256">Lowercase hex SHA-256 of exactly the bytes stored (of the part, for a part).</param>
/// <param name="Part">Null for the whole file.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileDescriptor")]
public sealed record FileDescriptor(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long Size,
    [property: Id(5)] PartSpec? Part = null)
{
    /// <summary>The piece layout of this whole copy, when it was computed (see <see cref="FileLocation.Pieces"/>).</summary>
    [Id(6)] public PieceLayout? Pieces { get; init; }

    public bool IsWhole => Part is null;

    /// <summary>"full" or "i/n", as Tracker.txt writes it.</summary>
    public string Layout => Part?.ToString() ?? "full";
}

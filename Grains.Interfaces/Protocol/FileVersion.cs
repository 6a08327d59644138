namespace OrleansP2P.Protocol;

/// <summary>One version of a shared file as the network recorded it: its digest, size, who published it and when.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.FileVersion")]
public sealed record FileVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Size,
    [property: Id(3)] string Author,
    [property: Id(4)] DateTimeOffset Time)
{
    /// <summary>Its piece layout, when it had one: a version restored after a loss gets its pieces back too.</summary>
    [Id(5)] public PieceLayout? Pieces { get; init; }
}

namespace OrleansP2P.Protocol;

/// <summary>
/// One conflict copy in the network: its name, the file it is a copy of, whose edit it keeps and when it was made
/// (both read from its name), its size and the peers holding it.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.ConflictCopy")]
public sealed record ConflictCopy(
    [property: Id(0)] string Name,
    [property: Id(1)] string Original,
    [property: Id(2)] string Author,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] long? Size,
    [property: Id(5)] ImmutableArray<string> Holders);

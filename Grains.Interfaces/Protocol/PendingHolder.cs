namespace OrleansP2P.Protocol;

/// <summary>A holder that does not have the current version yet, why, and since when; it gets it as soon as it can.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PendingHolder")]
public sealed record PendingHolder(
    [property: Id(0)] string Peer,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset Since);

namespace OrleansP2P.Protocol;

/// <summary>A registered peer and whether it has a session at the tracker now.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PeerSummary")]
public sealed record PeerSummary(
    [property: Id(0)] string Username,
    [property: Id(1)] bool Online);

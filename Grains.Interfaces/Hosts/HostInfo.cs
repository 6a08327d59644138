namespace OrleansP2P.Hosts;

/// <summary>A host (a machine with its own disk) the cluster has seen: whether a silo of it is live now, and how many peers it is home to.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.HostInfo")]
public sealed record HostInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Live,
    [property: Id(2)] int Silos,
    [property: Id(3)] int Peers);

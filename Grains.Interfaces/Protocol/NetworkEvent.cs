namespace OrleansP2P.Protocol;

/// <summary>Something happened in the network ("user4 downloaded File3.txt"); the tracker is now at <see cref="TrackerVersion"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.NetworkEvent")]
public sealed record NetworkEvent(
    [property: Id(0)] string Message,
    [property: Id(1)] long TrackerVersion,
    [property: Id(2)] DateTimeOffset AtUtc);

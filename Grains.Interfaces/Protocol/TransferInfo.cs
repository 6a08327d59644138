namespace OrleansP2P.Protocol;

/// <summary>What moves: a file fetched by the user, content the user saved from the portal, or a new version delivered to a copy the user holds.</summary>
public enum TransferKind
{
    Download = 0,
    Upload = 1,
    Update = 2,
}

public enum TransferOutcome
{
    Running = 0,
    Done = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>
/// One transfer of a peer as its Transfers panel shows it, running or recently ended. <see cref="Map"/> says which
/// cells of the file have arrived, one per <see cref="MapUnit"/>: a verified piece ("piece"), a part of a file held
/// in parts ("part"), or, for a transfer that moves bytes in order, a chunk ("chunk").
/// </summary>
/// <param name="Id">Unique among the peer's transfers; what <see cref="IPeerClientGrain.CancelTransferAsync"/> names.</param>
/// <param name="Bytes">Bytes in place so far, <see cref="ReusedBytes"/> included.</param>
/// <param name="Total">The file's size; null until known.</param>
/// <param name="BytesPerSecond">Bytes moved (reused ones not counted) per second since the transfer began, until it ended.</param>
/// <param name="Sources">Who the bytes come from: the holders asked (those that served, once it is done).</param>
/// <param name="Reason">The reply's reason once it has ended.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.TransferInfo")]
public sealed record TransferInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] TransferKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] TransferOutcome Outcome,
    [property: Id(4)] long Bytes,
    [property: Id(5)] long? Total,
    [property: Id(6)] long ReusedBytes,
    [property: Id(7)] double BytesPerSecond,
    [property: Id(8)] ImmutableArray<string> Sources,
    [property: Id(9)] ImmutableArray<bool> Map,
    [property: Id(10)] string MapUnit,
    [property: Id(11)] bool CanCancel,
    [property: Id(12)] string? Reason,
    [property: Id(13)] DateTimeOffset Started,
    [property: Id(14)] DateTimeOffset? Ended)
{
    public bool IsRunning => Outcome == TransferOutcome.Running;

    public int Arrived => Map.Count(cell => cell);
}

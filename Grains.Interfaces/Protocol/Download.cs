namespace OrleansP2P.Protocol;

/// <summary>A user asks its own peer to fetch a file from the network into its folder.</summary>
/// <param name="Progress">Told how far a transfer has come, for a progress bar; may be null.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.DownloadRequest")]
public sealed record DownloadRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] ITransferObserver? Progress = null);

/// <summary>
/// 200 with what was written and which peers served it (one per part for an assembled file);
/// 404 when no peer has it; 400 for an invalid name; 401 when the peer is not logged in.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.DownloadReply")]
public sealed record DownloadReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileDescriptor? File,
    [property: Id(3)] ImmutableArray<string> ServedBy) : IReply
{
    /// <summary>Pieces that failed verification on arrival and who sent them; each was dropped and fetched again elsewhere.</summary>
    [Id(4)] public ImmutableArray<BadPiece> BadPieces { get; init; } = [];

    /// <summary>Bytes received from other peers for this download, bad pieces included.</summary>
    [Id(5)] public long FetchedBytes { get; init; }

    /// <summary>Bytes taken from this peer's partial download of the same version (verified again), not fetched.</summary>
    [Id(6)] public long ReusedBytes { get; init; }

    public static DownloadReply Fail(P2PStatus status, string reason) => new(status, reason, null, []);
}

/// <summary>Piece <see cref="Piece"/> (0-based) arrived from <see cref="Sources"/> (two for a piece straddling two parts) and failed its digest.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.BadPiece")]
public sealed record BadPiece(
    [property: Id(0)] int Piece,
    [property: Id(1)] ImmutableArray<string> Sources);

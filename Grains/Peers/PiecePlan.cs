using System.Diagnostics;

namespace OrleansP2P.Peers;

/// <summary>One request of a piece: a byte range of the whole file asked of one source.</summary>
internal sealed record PieceSegment(PieceSource Source, long Offset, int Length);

/// <summary>
/// How one piece is being fetched: from one source that holds all of it, or segment by segment from the part
/// holders whose ranges cover it (a piece straddling two parts is verified whole, so it is fetched as one).
/// </summary>
/// <param name="TakesOverFrom">Near the end: the late source this second request of the piece stands in for.</param>
internal sealed record PiecePlan(int Piece, ImmutableArray<PieceSegment> Segments, string? TakesOverFrom = null)
{
    /// <summary>When the requests went out: the endgame's measure of a late piece.</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();
}

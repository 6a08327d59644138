using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>
/// Fetches the pieces of one version into an <see cref="IncomingFile"/> from every usable source at once, each with
/// <see cref="ChunkTransfer.Window"/> requests in flight, and verifies each piece against its digest as it arrives
/// (on the thread pool, so pieces are checked on every core while the next ones travel). A piece that fails is
/// dropped and fetched again from a source not yet blamed for it; a piece straddling two parts is fetched from both
/// holders and verified whole. A source that fails a call or answers other than 200 is not asked again.
/// Writes go one at a time, in the order pieces are verified.
/// </summary>
internal sealed class PieceTransfer(
    PieceList pieces,
    IReadOnlyList<PieceSource> sources,
    ChunkRequest template,
    IncomingFile into,
    Action<long>? progress,
    Action<PieceSource, string, Exception?> sourceFailed,
    Func<int, Task>? pieceWritten = null)
{
    private readonly HashSet<PieceSource> _dead = [];
    private readonly Dictionary<PieceSource, int> _load = [];
    private readonly Dictionary<int, HashSet<string>> _blamed = [];
    private readonly HashSet<string> _served = [];
    private readonly List<BadPiece> _bad = [];
    private long _fetched;

    /// <summary>Verified pieces held back at most, waiting for an earlier one so the file is written in order.</summary>
    private const int MaxHeldBack = 4 * ChunkTransfer.Window;

    /// <summary>
    /// Fetches the pieces <paramref name="needed"/>, in order of preference. Cancelled, it sends no more requests,
    /// leaves those in flight unanswered (a held or slow source must not delay the stop) and writes the verified
    /// pieces it holds back, so the partial keeps everything verified so far.
    /// </summary>
    public async Task<PieceTransferResult> RunAsync(IEnumerable<int> needed, CancellationToken cancellationToken = default)
    {
        var queue = new List<int>(needed);
        var unwritten = new SortedSet<int>(queue);

        // A verified piece is written once every piece before it is: the whole file's SHA-256 then keeps up with the
        // writes and nothing is read back (a piece held back too long is written anyway).
        var heldBack = new SortedDictionary<int, byte[]>();
        var inFlight = new Dictionary<Task<Arrival>, Plan>();
        int? impossible = null;
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stopping = cancellationToken.Register(() => stop.TrySetResult());
        void Start()
        {
            for (var q = 0; q < queue.Count && impossible is null && !cancellationToken.IsCancellationRequested;)
            {
                switch (PlanFor(queue[q]))
                {
                    case { } plan when plan.Segments.Length > 0:
                        foreach (var segment in plan.Segments)
                        {
                            _load[segment.Source] = _load.GetValueOrDefault(segment.Source) + 1;
                        }

                        inFlight.Add(FetchAsync(plan), plan);
                        queue.RemoveAt(q);
                        break;
                    case null:
                        impossible = queue[q];
                        break;
                    default:
                        q++;
                        break;
                }
            }
        }

        try
        {
            while (true)
            {
                Start();
                if (inFlight.Count == 0)
                {
                    break;
                }

                if (await Task.WhenAny(inFlight.Keys.Append<Task>(stop.Task)) is not Task<Arrival> arrived)
                {
                    break;
                }

                var done = inFlight[arrived];
                inFlight.Remove(arrived);
                foreach (var segment in done.Segments)
                {
                    _load[segment.Source]--;
                }

                if (Take(done, await arrived) is not { } data)
                {
                    // Fetched again first: the digest of the whole waits for the earliest piece.
                    var at = queue.FindIndex(i => i > done.Piece);
                    queue.Insert(at < 0 ? queue.Count : at, done.Piece);
                    continue;
                }

                // The next requests go out before this piece is written.
                heldBack[done.Piece] = data;
                Start();
                while (heldBack.Count > 0 && (heldBack.First().Key == unwritten.Min || heldBack.Count > MaxHeldBack))
                {
                    var (piece, bytes) = heldBack.First();
                    heldBack.Remove(piece);
                    unwritten.Remove(piece);
                    await WriteAsync(piece, bytes);
                }
            }

            // A download cut short keeps what it verified.
            foreach (var (piece, bytes) in heldBack)
            {
                await WriteAsync(piece, bytes);
            }
        }
        finally
        {
            foreach (var task in inFlight.Keys)
            {
                _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return new PieceTransferResult(
            impossible,
            [.. sources.Select(s => s.Peer).Distinct().Where(_served.Contains)],
            [.. _bad],
            _fetched)
        {
            Cancelled = impossible is null && (queue.Count > 0 || inFlight.Count > 0) && cancellationToken.IsCancellationRequested,
        };
    }

    /// <summary>A good piece's bytes; null when it was bad (its sources blamed) or its source failed (not asked again).</summary>
    private byte[]? Take(Plan plan, Arrival arrival)
    {
        if (arrival.Failed is { } failed)
        {
            if (_dead.Add(failed.Source))
            {
                sourceFailed(failed.Source, failed.Reason, failed.Exception);
            }

            return null;
        }

        _fetched += arrival.Data!.Length;
        var from = plan.Segments.Select(s => s.Source.Peer).Distinct().ToImmutableArray();
        if (!arrival.Verified)
        {
            (_blamed.TryGetValue(plan.Piece, out var blamed) ? blamed : _blamed[plan.Piece] = []).UnionWith(from);
            _bad.Add(new BadPiece(plan.Piece, from));
            return null;
        }

        _served.UnionWith(from);
        return arrival.Data;
    }

    private async Task WriteAsync(int piece, byte[] data)
    {
        await into.WriteAtAsync(pieces.Layout.RangeOf(piece, pieces.Size).Offset, data);
        progress?.Invoke(data.Length);
        if (pieceWritten is not null)
        {
            await pieceWritten(piece);
        }
    }

    /// <summary>
    /// How to fetch piece <paramref name="piece"/> now: from the least loaded source not blamed for it that holds all
    /// of it, else segment by segment from the sources whose ranges cover it. A bad piece from two holders cannot say
    /// which one was wrong, so a segment may go back to a blamed holder as long as another segment does not. Empty
    /// segments: wait for a free request slot; null: no source left that could make the piece come out differently.
    /// </summary>
    private Plan? PlanFor(int piece)
    {
        var (offset, length) = pieces.Layout.RangeOf(piece, pieces.Size);
        var blamed = _blamed.GetValueOrDefault(piece);
        bool Blamed(PieceSource s) => blamed?.Contains(s.Peer) == true;
        var alive = sources.Where(s => !_dead.Contains(s)).ToList();
        var whole = alive.Where(s => !Blamed(s) && s.Covers(offset, length)).ToList();
        if (whole.Count > 0)
        {
            var free = whole.Where(HasRoom).MinBy(s => _load.GetValueOrDefault(s));
            return new Plan(piece, free is null ? [] : [new Segment(free, offset, length)]);
        }

        var segments = ImmutableArray.CreateBuilder<Segment>();
        for (var at = offset; at < offset + length;)
        {
            var covering = alive.Where(s => s.Covers(at)).ToList();
            if (covering.Count == 0)
            {
                return null;
            }

            if (covering.Any(s => !Blamed(s)))
            {
                covering = [.. covering.Where(s => !Blamed(s))];
            }

            if (covering.Where(HasRoom).MinBy(s => _load.GetValueOrDefault(s)) is not { } source)
            {
                return new Plan(piece, []);
            }

            var end = Math.Min(offset + length, source.End);
            segments.Add(new Segment(source, at, (int)(end - at)));
            at = end;
        }

        return segments.All(s => Blamed(s.Source)) ? null : new Plan(piece, segments.ToImmutable());
    }

    private bool HasRoom(PieceSource source) => _load.GetValueOrDefault(source) < ChunkTransfer.Window;

    /// <summary>Asks for every segment of one piece at once, puts them together and verifies the piece on the thread pool.</summary>
    private async Task<Arrival> FetchAsync(Plan plan)
    {
        static async Task<(ChunkReply? Reply, Exception? Error)> AskAsync(IPeerServerGrain grain, ChunkRequest request)
        {
            try
            {
                return (await grain.ReadChunkAsync(request), null);
            }
            catch (Exception exception)
            {
                return (null, exception);
            }
        }

        var requests = plan.Segments.Select(s => s.Source.Request(template, s.Offset, s.Length)).ToArray();
        var answers = await Task.WhenAll(plan.Segments.Select((s, i) => AskAsync(s.Source.Grain, requests[i])));
        var replies = new ChunkReply[answers.Length];
        for (var s = 0; s < answers.Length; s++)
        {
            var (segment, request) = (plan.Segments[s], requests[s]);
            if (answers[s] is not { Reply: { } reply })
            {
                return new Arrival(null, false, new SourceFailure(segment.Source, answers[s].Error!.Message, answers[s].Error));
            }

            if (reply.Status != P2PStatus.Ok || reply.Offset != request.Offset || reply.Data.Length != request.Length)
            {
                var reason = reply.Status != P2PStatus.Ok ? reply.Reason : $"sent {reply.Data.Length} bytes at {reply.Offset}, expected {request.Length} at {request.Offset}";
                return new Arrival(null, false, new SourceFailure(segment.Source, reason, null));
            }

            replies[s] = reply;
        }

        var data = replies.Length == 1 ? replies[0].Data : [.. replies.SelectMany(r => r.Data)];
        var verified = await Task.Run(() => PieceDigests.Verify(pieces, plan.Piece, data));
        return new Arrival(data, verified, null);
    }

    private sealed record Segment(PieceSource Source, long Offset, int Length);

    private sealed record Plan(int Piece, ImmutableArray<Segment> Segments);

    private sealed record SourceFailure(PieceSource Source, string Reason, Exception? Exception);

    private sealed record Arrival(byte[]? Data, bool Verified, SourceFailure? Failed);
}

/// <param name="Missing">A piece no usable source could supply, or null when every piece is in.</param>
/// <param name="ServedBy">The sources that supplied good pieces, in the order they were given.</param>
internal sealed record PieceTransferResult(int? Missing, ImmutableArray<string> ServedBy, ImmutableArray<BadPiece> Bad, long FetchedBytes)
{
    /// <summary>Stopped on request before every piece was in; the pieces verified so far are written.</summary>
    public bool Cancelled { get; init; }

    public bool Succeeded => Missing is null && !Cancelled;
}

using System.Diagnostics;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>
/// Fetches the pieces of one version into an <see cref="IncomingFile"/> from every usable source at once, each with
/// <see cref="ChunkTransfer.Window"/> requests in flight, and verifies each piece against its digest as it arrives
/// and writes it at its offset at once (on the thread pool, so pieces are checked and written on every core while
/// the next ones travel). A piece that fails is
/// dropped and fetched again from a source not yet blamed for it; a piece straddling two parts is fetched from both
/// holders and verified whole. A source that fails a call or answers other than 200 is not asked again. Near the
/// end, a piece a slow or silent source owes is asked of another source too (<see cref="Endgame"/>).
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
    private readonly List<TakenOver> _takenOver = [];
    private long _fetched, _discarded;

    /// <summary>
    /// Fetches the pieces <paramref name="needed"/>, in order of preference. Cancelled, it sends no more requests,
    /// leaves those in flight unanswered (a held or slow source must not delay the stop) and waits for the pieces
    /// being verified and written, so the partial keeps everything verified so far.
    /// </summary>
    public async Task<PieceTransferResult> RunAsync(IEnumerable<int> needed, CancellationToken cancellationToken = default)
    {
        var endgame = new Endgame(sources, s => !_dead.Contains(s) && HasRoom(s), s => _load.GetValueOrDefault(s), PlanFor);
        var queue = new List<int>(needed);

        // A request's slot is free the moment its bytes arrive; the piece is verified and written on the thread pool
        // meanwhile, in whatever order pieces pass (nothing hashes the whole file as it is written, so the order
        // buys nothing: pieces held back for an earlier one, and written one at a time from this loop, made the
        // loop the single-source download's bottleneck; docs/benchmarks.md, row a).
        var fetching = new Dictionary<Task<Arrival>, PiecePlan>();
        var verifying = new Dictionary<Task<Verdict>, (PiecePlan Plan, int Length)>();

        // Set by the first good copy of a piece, the one that is written; a second good copy (the endgame's) is discarded.
        var claimed = new int[pieces.Count];
        var attempts = new Dictionary<int, int>();
        var done = new HashSet<int>();
        var total = queue.Count;
        int? impossible = null;
        Task? wakeUp = null;
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stopping = cancellationToken.Register(() => stop.TrySetResult());

        void Launch(PiecePlan plan)
        {
            foreach (var segment in plan.Segments)
            {
                _load[segment.Source] = _load.GetValueOrDefault(segment.Source) + 1;
            }

            attempts[plan.Piece] = attempts.GetValueOrDefault(plan.Piece) + 1;
            fetching.Add(FetchAsync(plan), plan);
        }

        void Start()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                wakeUp = null;
                return;
            }

            for (var q = 0; q < queue.Count && impossible is null;)
            {
                switch (PlanFor(queue[q]))
                {
                    case { } plan when plan.Segments.Length > 0:
                        Launch(plan);
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

            wakeUp = queue.Count == 0 && impossible is null ? endgame.TakeOver(fetching.Values, attempts, Launch) : null;
        }

        try
        {
            while (true)
            {
                Start();

                // Losing copies still on the way (from a slow source) are not waited for.
                if (verifying.Count == 0 && (fetching.Count == 0 || done.Count == total))
                {
                    break;
                }

                var waits = fetching.Keys.Concat<Task>(verifying.Keys).Append(stop.Task);
                var next = await Task.WhenAny(wakeUp is null ? waits : waits.Append(wakeUp));
                if (next == stop.Task)
                {
                    break;
                }

                if (next is Task<Arrival> arrived && fetching.Remove(arrived, out var fetched))
                {
                    foreach (var segment in fetched.Segments)
                    {
                        _load[segment.Source]--;
                    }

                    var arrival = await arrived;
                    if (arrival.Failed is { } failed)
                    {
                        if (_dead.Add(failed.Source))
                        {
                            sourceFailed(failed.Source, failed.Reason, failed.Exception);
                        }

                        Retry(fetched.Piece);
                    }
                    else
                    {
                        endgame.Arrived(fetched, arrival.Ticks);

                        // A copy that lost the race is verified too: a bad one still tells on its source.
                        var arrivedBytes = arrival.Data!;
                        verifying.Add(Task.Run(() => VerifyAndWriteAsync(fetched.Piece, arrivedBytes, claimed)), (fetched, arrivedBytes.Length));
                    }

                    continue;
                }

                if (next is Task<Verdict> verified && verifying.Remove(verified, out var checkedPiece))
                {
                    await CheckedAsync(checkedPiece.Plan, checkedPiece.Length, await verified);
                }
            }

            // A download cut short keeps what it verified: the pieces being verified and written now are waited for,
            // so the partial's record can count them.
            foreach (var (task, (plan, length)) in verifying)
            {
                await CheckedAsync(plan, length, await task);
            }
        }
        finally
        {
            // Copies still on the way, or still being checked when a write failed, are dropped; their faults must not go unobserved.
            foreach (var task in fetching.Keys.Concat<Task>(verifying.Keys))
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
            Cancelled = impossible is null && done.Count < total && cancellationToken.IsCancellationRequested,
            TakenOver = [.. _takenOver],
            DiscardedBytes = _discarded,
        };

        // What one checked copy of a piece means: written (the piece is done), the losing copy of a piece asked twice, or bad.
        async Task CheckedAsync(PiecePlan plan, int length, Verdict verdict)
        {
            var from = plan.Segments.Select(s => s.Source.Peer).Distinct().ToImmutableArray();
            if (verdict == Verdict.Duplicate)
            {
                // The other copy of a piece asked twice near the end came first.
                attempts[plan.Piece]--;
                _discarded += length;
                return;
            }

            _fetched += length;
            if (verdict == Verdict.Bad)
            {
                (_blamed.TryGetValue(plan.Piece, out var blamed) ? blamed : _blamed[plan.Piece] = []).UnionWith(from);
                _bad.Add(new BadPiece(plan.Piece, from));
                Retry(plan.Piece);
                return;
            }

            attempts[plan.Piece]--;
            _served.UnionWith(from);
            done.Add(plan.Piece);
            if (plan.TakesOverFrom is { } slow)
            {
                _takenOver.Add(new TakenOver(plan.Piece, slow, from));
            }

            progress?.Invoke(length);
            if (pieceWritten is not null)
            {
                await pieceWritten(plan.Piece);
            }
        }

        // A piece with no copy left on the way is asked for again before the pieces after it, so the file fills from the front.
        void Retry(int piece)
        {
            if (--attempts[piece] == 0 && !done.Contains(piece))
            {
                var at = queue.FindIndex(i => i > piece);
                queue.Insert(at < 0 ? queue.Count : at, piece);
            }
        }
    }

    /// <summary>
    /// Verifies one copy of a piece and, if it is the first good copy, writes it: on the thread pool, so pieces are
    /// checked and written on every core while the loop keeps the sources busy. <paramref name="claimed"/> is shared
    /// by every copy in flight.
    /// </summary>
    private async Task<Verdict> VerifyAndWriteAsync(int piece, byte[] data, int[] claimed)
    {
        if (!PieceDigests.Verify(pieces, piece, data))
        {
            return Verdict.Bad;
        }

        if (Interlocked.Exchange(ref claimed[piece], 1) != 0)
        {
            return Verdict.Duplicate;
        }

        await into.WriteAtAsync(pieces.Layout.RangeOf(piece, pieces.Size).Offset, data);
        return Verdict.Written;
    }

    /// <summary>
    /// How to fetch piece <paramref name="piece"/> now: from the least loaded source not blamed for it that holds all
    /// of it, else segment by segment from the sources whose ranges cover it. A bad piece from two holders cannot say
    /// which one was wrong, so a segment may go back to a blamed holder as long as another segment does not. Empty
    /// segments: wait for a free request slot; null: no source left that could make the piece come out differently.
    /// </summary>
    /// <param name="busy">Sources already asked for this piece (near the end): another is wanted, whole, or none.</param>
    private PiecePlan? PlanFor(int piece, IReadOnlySet<PieceSource>? busy = null)
    {
        var (offset, length) = pieces.Layout.RangeOf(piece, pieces.Size);
        var blamed = _blamed.GetValueOrDefault(piece);
        bool Blamed(PieceSource s) => blamed?.Contains(s.Peer) == true;
        var alive = sources.Where(s => !_dead.Contains(s) && busy?.Contains(s) != true).ToList();
        var whole = alive.Where(s => !Blamed(s) && s.Covers(offset, length)).ToList();
        if (whole.Count > 0 || busy is not null)
        {
            var free = whole.Where(HasRoom).MinBy(s => _load.GetValueOrDefault(s));
            return new PiecePlan(piece, free is null ? [] : [new PieceSegment(free, offset, length)]);
        }

        var segments = ImmutableArray.CreateBuilder<PieceSegment>();
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
                return new PiecePlan(piece, []);
            }

            var end = Math.Min(offset + length, source.End);
            segments.Add(new PieceSegment(source, at, (int)(end - at)));
            at = end;
        }

        return segments.All(s => Blamed(s.Source)) ? null : new PiecePlan(piece, segments.ToImmutable());
    }

    private bool HasRoom(PieceSource source) => _load.GetValueOrDefault(source) < ChunkTransfer.Window;

    /// <summary>Asks for every segment of one piece at once, puts them together and verifies the piece on the thread pool.</summary>
    private async Task<Arrival> FetchAsync(PiecePlan plan)
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

        var started = Stopwatch.GetTimestamp();
        var requests = plan.Segments.Select(s => s.Source.Request(template, s.Offset, s.Length)).ToArray();
        var answers = await Task.WhenAll(plan.Segments.Select((s, i) => AskAsync(s.Source.Grain, requests[i])));
        var replies = new ChunkReply[answers.Length];
        for (var s = 0; s < answers.Length; s++)
        {
            var (segment, request) = (plan.Segments[s], requests[s]);
            if (answers[s] is not { Reply: { } reply })
            {
                return new Arrival(null, 0, new SourceFailure(segment.Source, answers[s].Error!.Message, answers[s].Error));
            }

            if (reply.Status != P2PStatus.Ok || reply.Offset != request.Offset || reply.Data.Length != request.Length)
            {
                var reason = reply.Status != P2PStatus.Ok ? reply.Reason : $"sent {reply.Data.Length} bytes at {reply.Offset}, expected {request.Length} at {request.Offset}";
                return new Arrival(null, 0, new SourceFailure(segment.Source, reason, null));
            }

            replies[s] = reply;
        }

        return new Arrival(replies.Length == 1 ? replies[0].Data : [.. replies.SelectMany(r => r.Data)], Stopwatch.GetTimestamp() - started, null);
    }

    private enum Verdict
    {
        Written,
        Duplicate,
        Bad,
    }

    private sealed record SourceFailure(PieceSource Source, string Reason, Exception? Exception);

    /// <param name="Ticks">How long the piece took to arrive.</param>
    private sealed record Arrival(byte[]? Data, long Ticks, SourceFailure? Failed);
}

/// <param name="Missing">A piece no usable source could supply, or null when every piece is in.</param>
/// <param name="ServedBy">The sources that supplied good pieces, in the order they were given.</param>
/// <param name="FetchedBytes">Bytes of the pieces taken and of bad ones; the losing copies of pieces asked twice are <see cref="DiscardedBytes"/>.</param>
internal sealed record PieceTransferResult(int? Missing, ImmutableArray<string> ServedBy, ImmutableArray<BadPiece> Bad, long FetchedBytes)
{
    /// <summary>Stopped on request before every piece was in; the pieces verified so far are written.</summary>
    public bool Cancelled { get; init; }

    public bool Succeeded => Missing is null && !Cancelled;

    /// <summary>Pieces a late source owed near the end that another source supplied first (the endgame).</summary>
    public ImmutableArray<TakenOver> TakenOver { get; init; } = [];

    public long DiscardedBytes { get; init; }
}

/// <param name="Late">The source that was asked first and had not answered.</param>
/// <param name="From">The source(s) whose copy was taken.</param>
internal sealed record TakenOver(int Piece, string Late, ImmutableArray<string> From);

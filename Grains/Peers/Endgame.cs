using System.Diagnostics;

namespace OrleansP2P.Peers;

/// <summary>
/// BitTorrent's endgame for one <see cref="PieceTransfer"/>: once nothing is left to ask for, a source with room
/// also takes a piece another source still owes, when the owing source is slow (its pieces take longer than
/// <see cref="SlowerBy"/> times the fastest other source's) or late (no answer for <see cref="LateFactor"/> average
/// arrivals: a source gone quiet). Without it a download waits for its slowest source's last requests (docs/benchmarks.md,
/// "Pieces", row c). It keeps the yardsticks it judges by: how long a piece takes to arrive, and each source's pace.
/// The transfer keeps the rest (the queue, the loads, the plans) and asks it at each step.
/// </summary>
/// <param name="sources">Every source of the transfer.</param>
/// <param name="free">Whether a source is alive and has a request slot free.</param>
/// <param name="load">Requests a source has in flight.</param>
/// <param name="planElsewhere">How to fetch a piece whole from a free source not among those given; no segments when none is free.</param>
internal sealed class Endgame(
    IReadOnlyList<PieceSource> sources,
    Func<PieceSource, bool> free,
    Func<PieceSource, int> load,
    Func<int, IReadOnlySet<PieceSource>, PiecePlan?> planElsewhere)
{
    /// <summary>A piece is asked of a second source once it is this many average arrivals late.</summary>
    private const double LateFactor = 4;

    /// <summary>A piece is asked of a second source when its owner will likely take this many times longer than another.</summary>
    private const double SlowerBy = 2;

    /// <summary>Arrivals measured before any piece counts as late: the first ones include the sources' warm-up.</summary>
    private const int ArrivalsBeforeEndgame = 4;

    /// <summary>A running average of how long one piece takes to arrive, the yardstick of a late one.</summary>
    private double _averageTicks;
    private int _arrivals;

    /// <summary>How often each source has been delivering pieces: what the pieces it still owes will likely take.</summary>
    private readonly Dictionary<PieceSource, Pace> _pace = [];

    /// <summary>Notes a piece that arrived after <paramref name="ticks"/>, from the sources of <paramref name="plan"/>.</summary>
    public void Arrived(PiecePlan plan, long ticks)
    {
        _averageTicks = _arrivals++ == 0 ? ticks : (_averageTicks * 7 + ticks) / 8;
        var now = Stopwatch.GetTimestamp();
        foreach (var segment in plan.Segments)
        {
            _pace.TryGetValue(segment.Source, out var pace);
            _pace[segment.Source] = pace.After(now);
        }
    }

    /// <summary>
    /// Launches a second copy of each owed piece (the oldest first, one second copy per piece) whose source is slow
    /// or late; <paramref name="copies"/> says how many copies of a piece are on the way. The first verified copy
    /// wins and the transfer discards the other. Returns a task that completes when the next owed piece turns late,
    /// or null when none can.
    /// </summary>
    public Task? TakeOver(IEnumerable<PiecePlan> owed, IReadOnlyDictionary<int, int> copies, Action<PiecePlan> launch)
    {
        if (_arrivals < ArrivalsBeforeEndgame)
        {
            return null;
        }

        var now = Stopwatch.GetTimestamp();
        var late = (long)(_averageTicks * LateFactor);
        long? nextLate = null;
        foreach (var plan in owed.Where(p => copies[p.Piece] == 1).OrderBy(p => p.Started).ToList())
        {
            var busy = plan.Segments.Select(s => s.Source).ToHashSet();
            if (!Slow(plan, busy, owed, now) && now - plan.Started < late)
            {
                nextLate = Math.Min(nextLate ?? long.MaxValue, plan.Started + late);
                continue;
            }

            if (planElsewhere(plan.Piece, busy) is { Segments.Length: > 0 } second)
            {
                launch(second with { TakesOverFrom = string.Join(",", busy.Select(s => s.Peer).Distinct()) });
            }
        }

        return nextLate is { } at ? Task.Delay(Stopwatch.GetElapsedTime(now, at) + TimeSpan.FromMilliseconds(1)) : null;
    }

    /// <summary>
    /// Whether the source(s) owing <paramref name="plan"/> will likely take more than <see cref="SlowerBy"/> times as
    /// long for it (its place in their queue, at the pace they have been delivering) as a free source would for a
    /// fresh request. Unknown until each has delivered twice.
    /// </summary>
    private bool Slow(PiecePlan plan, HashSet<PieceSource> busy, IEnumerable<PiecePlan> owed, long now)
    {
        var owing = 0.0;
        foreach (var source in busy)
        {
            if (_pace.GetValueOrDefault(source) is not { Gap: > 0 } pace)
            {
                return false;
            }

            var place = owed.Count(p => p.Started <= plan.Started && p.Segments.Any(s => s.Source == source));
            owing = Math.Max(owing, place * pace.Gap - (now - pace.Last));
        }

        var fresh = sources.Where(s => !busy.Contains(s) && free(s) && _pace.GetValueOrDefault(s).Gap > 0)
            .Select(s => (load(s) + 1) * _pace[s].Gap)
            .DefaultIfEmpty(double.MaxValue)
            .Min();
        return owing > SlowerBy * fresh;
    }

    /// <param name="Last">When the source last delivered a piece.</param>
    /// <param name="Gap">A running average of the time between its deliveries; 0 until it has delivered twice.</param>
    private readonly record struct Pace(long Last, double Gap)
    {
        public Pace After(long now) => Last == 0 ? this with { Last = now } : new Pace(now, Gap == 0 ? now - Last : (Gap * 3 + (now - Last)) / 4);
    }
}

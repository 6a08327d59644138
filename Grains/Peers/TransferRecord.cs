using System.Diagnostics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// One transfer of a peer while it runs and for a while after: how many bytes are in, which cells of the map have
/// arrived, its sources and how it ended, and the token that cancels it. Written by the transfer on the grain's turn,
/// read by <see cref="RecentTransfers.List"/>; the lock keeps a snapshot whole if a report comes from elsewhere.
/// The portal's own progress watcher, if any, is told as before (every 4 MiB and at the end).
/// </summary>
internal sealed class TransferRecord(string id, TransferKind kind, string name, ITransferObserver? observer, bool canCancel)
{
    private const string Chunk = "chunk";
    private const int ChunkCell = 1 << 20;

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private long _bytes;
    private long _reused;
    private long _reported;
    private long? _total;
    private bool[]? _map;
    private string _unit = Chunk;
    private ImmutableArray<string> _sources = [];
    private TransferOutcome _outcome = TransferOutcome.Running;
    private string? _reason;
    private long _ended;
    private DateTimeOffset? _endedAt;

    public string Id => id;

    public string Name => name;

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _outcome == TransferOutcome.Running;
            }
        }
    }

    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>The size is known: bytes arrive in order (a map of 1 MiB chunks) until <see cref="UseMap"/> says otherwise.</summary>
    public void Begin(long total)
    {
        lock (_lock)
        {
            // A new attempt (another holder, a newer version) starts counting again.
            _total = total;
            _bytes = _reused = _reported = 0;
            _map = null;
            _unit = Chunk;
        }
    }

    /// <summary>Cells arrive in any order: one per piece or per part, those already in (reused from a partial) marked.</summary>
    public void UseMap(string unit, int cells, IEnumerable<int> already, long reusedBytes)
    {
        lock (_lock)
        {
            _unit = unit;
            _map = new bool[cells];
            foreach (var cell in already)
            {
                _map[cell] = true;
            }

            _reused = reusedBytes;
            _bytes = reusedBytes;
            _reported = reusedBytes;
        }
    }

    public void SetSources(IEnumerable<string> sources)
    {
        lock (_lock)
        {
            _sources = [.. sources.Distinct()];
        }
    }

    public void Arrived(int cell)
    {
        lock (_lock)
        {
            if (_map is not null && cell >= 0 && cell < _map.Length)
            {
                _map[cell] = true;
            }
        }
    }

    /// <summary>Bytes written into place; tells the portal's watcher about every 4 MiB and at the end (one-way: never slows the transfer).</summary>
    public void Add(long bytes)
    {
        long received, total;
        lock (_lock)
        {
            _bytes += bytes;
            received = _bytes;
            total = _total ?? 0;
            if (observer is null || (received - _reported < 4 * 1024 * 1024 && received < total))
            {
                return;
            }

            _reported = received;
        }

        _ = observer.OnProgressAsync(name, received, total);
    }

    /// <summary>Asks the transfer to stop; false when it cannot be cancelled or has ended.</summary>
    public bool Cancel()
    {
        lock (_lock)
        {
            if (!canCancel || _outcome != TransferOutcome.Running)
            {
                return false;
            }
        }

        _cancel.Cancel();
        return true;
    }

    /// <summary>Ends the record with the reply's status; a success names the sources that served it.</summary>
    public void End(P2PStatus status, string reason, IEnumerable<string>? servedBy = null)
    {
        lock (_lock)
        {
            if (_outcome != TransferOutcome.Running)
            {
                return;
            }

            var ok = status is P2PStatus.Ok or P2PStatus.Created;
            _outcome = ok ? TransferOutcome.Done : _cancel.IsCancellationRequested ? TransferOutcome.Cancelled : TransferOutcome.Failed;
            _reason = reason;
            _ended = Stopwatch.GetTimestamp();
            _endedAt = DateTimeOffset.UtcNow;
            if (ok && _total is { } total)
            {
                _bytes = total;
                if (_map is not null)
                {
                    Array.Fill(_map, true);
                }
            }

            if (ok && servedBy is not null && servedBy.Any())
            {
                _sources = [.. servedBy.Distinct()];
            }
        }
    }

    public TransferInfo Snapshot()
    {
        lock (_lock)
        {
            var elapsed = _outcome == TransferOutcome.Running ? Stopwatch.GetElapsedTime(_started) : Stopwatch.GetElapsedTime(_started, _ended);
            var moved = _bytes - _reused;
            var speed = elapsed > TimeSpan.Zero && moved > 0 ? moved / elapsed.TotalSeconds : 0;
            return new TransferInfo(
                id, kind, name, _outcome, _bytes, _total, _reused, speed, _sources, MapNow(), _unit,
                canCancel && _outcome == TransferOutcome.Running, _reason, _startedAt, _endedAt);
        }
    }

    /// <summary>The map as it stands: the cells' own, or — for bytes that arrive in order — the whole chunks in.</summary>
    private ImmutableArray<bool> MapNow()
    {
        if (_map is not null)
        {
            return [.. _map];
        }

        if (_total is not { } total)
        {
            return [];
        }

        var cells = (int)Math.Max(1, (total + ChunkCell - 1) / ChunkCell);
        var full = _bytes >= total ? cells : (int)(_bytes / ChunkCell);
        return [.. Enumerable.Range(0, cells).Select(cell => cell < full)];
    }
}

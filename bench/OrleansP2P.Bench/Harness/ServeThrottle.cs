using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Harness;

/// <summary>
/// Bench-only, never in the product: an incoming grain call filter on the bench silo that makes chosen peers serve
/// chunks at a fixed rate each (requests to one peer queue behind each other, as on its own uplink), cuts a peer's
/// reads off after some count, and counts the bytes each requester was served. All the bench's peers share one
/// process on a shared machine, so more sources add no bandwidth there: the multi-source figures throttle every
/// source to measure the scheduling, not the machine.
/// </summary>
public sealed class ServeThrottle : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, double> _rates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _nextFree = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _served = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile Func<ChunkRequest, string, bool>? _cut;
    private Func<ChunkRequest, string, bool>? _corrupt;

    /// <summary>From now on <paramref name="user"/> serves at most <paramref name="bytesPerSecond"/> (0: unthrottled).</summary>
    public void Throttle(string user, double bytesPerSecond)
    {
        if (bytesPerSecond > 0)
        {
            _rates[user] = bytesPerSecond;
        }
        else
        {
            _rates.TryRemove(user, out _);
        }
    }

    public void ClearThrottles() => _rates.Clear();

    /// <summary>Reads matching (request, serving user) fail from now on, as a source that went away; null serves all.</summary>
    public void Cut(Func<ChunkRequest, string, bool>? cut) => _cut = cut;

    /// <summary>The first reply matching (request, serving user) has one byte flipped on the way; null corrupts none.</summary>
    public void CorruptOnce(Func<ChunkRequest, string, bool>? corrupt) => _corrupt = corrupt;

    /// <summary>Bytes served to <paramref name="requester"/> since the last <see cref="ResetServed"/>.</summary>
    public long ServedTo(string requester) => _served.GetValueOrDefault(requester);

    public void ResetServed() => _served.Clear();

    /// <summary>Piece lists are not found: downloads take the whole-file path, as for a file with no piece digests.</summary>
    public bool HidePieceLists { get; set; }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (HidePieceLists && context.Grain is IPieceListGrain && context.MethodName == nameof(IPieceListGrain.FindAsync))
        {
            context.Result = null;
            return;
        }

        if (context.Grain is not IPeerServerGrain || context.MethodName != nameof(IPeerServerGrain.ReadChunkAsync) || context.Request.GetArgument(0) is not ChunkRequest request)
        {
            await context.Invoke();
            return;
        }

        var user = context.TargetId.Key.ToString()!.Split('/')[^1];
        if (_cut is { } cut && cut(request, user))
        {
            throw new InvalidOperationException($"The bench cut {user} off.");
        }

        if (_rates.TryGetValue(user, out var rate))
        {
            long due;
            lock (_gate)
            {
                var start = Math.Max(Stopwatch.GetTimestamp(), _nextFree.GetValueOrDefault(user));
                due = start + (long)(request.Length / rate * Stopwatch.Frequency);
                _nextFree[user] = due;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        await context.Invoke();
        if (context.Result is ChunkReply { Status: P2PStatus.Ok, Data.Length: > 0 } reply)
        {
            if (_corrupt is { } corrupt && corrupt(request, user) && Interlocked.Exchange(ref _corrupt, null) is not null)
            {
                var data = (byte[])reply.Data.Clone();
                data[data.Length / 2] ^= 0xFF;
                context.Result = reply with { Data = data };
            }

            _served.AddOrUpdate(request.Requester, reply.Data.Length, (_, n) => n + reply.Data.Length);
        }
    }
}

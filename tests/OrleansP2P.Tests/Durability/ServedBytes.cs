using System.Collections.Concurrent;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Durability;

/// <summary>Counts, per requester, the bytes peers served of one file through <c>ReadChunkAsync</c>: what each holder pulled.</summary>
public sealed class ServedBytes(string key) : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _served = new(StringComparer.Ordinal);

    public long To(string requester) => _served.GetValueOrDefault(requester);

    public void Reset() => _served.Clear();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.Grain is IPeerServerGrain && context.MethodName == nameof(IPeerServerGrain.ReadChunkAsync) &&
            context.Request.GetArgument(0) is ChunkRequest request && request.Key == key && context.Result is ChunkReply { Status: P2PStatus.Ok } reply)
        {
            _served.AddOrUpdate(request.Requester, reply.Data.Length, (_, n) => n + reply.Data.Length);
        }
    }
}

using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// A grain call filter that holds matching chunk reads until released, then serves them (and every later one) as
/// usual: a download is provably half-way while held, and can be finished afterwards. Unlike PullGate,
/// nothing fails. The portal's browser tests compile this file too.
/// </summary>
public sealed class ChunkReadHold(Func<ChunkRequest, bool> holds) : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(IPeerServerGrain.ReadChunkAsync) && context.Request.GetArgument(0) is ChunkRequest request && holds(request))
        {
            await _released.Task;
        }

        await context.Invoke();
    }

    public void Release() => _released.TrySetResult();
}

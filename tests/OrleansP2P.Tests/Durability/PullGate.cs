using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// A grain call filter that holds one kind of chunk read until the test lets it go: a pull is then provably in
/// flight (some chunks served, the next one held) when the test crashes the cluster, with no timing involved.
/// </summary>
/// <param name="holds">Which reads to hold, by request and by the key of the peer grain asked (<c>{network}/{user}</c>).</param>
public sealed class PullGate(Func<ChunkRequest, string, bool> holds) : IIncomingGrainCallFilter
{
    public PullGate(Func<ChunkRequest, bool> holds)
        : this((request, _) => holds(request))
    {
    }

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first held request arrives.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(IPeerServerGrain.ReadChunkAsync) && context.Request.GetArgument(0) is ChunkRequest request && holds(request, context.TargetId.Key.ToString()!))
        {
            Held.TrySetResult();
            await _released.Task;
            throw new OperationCanceledException("The pull was held for a crash and never served.");
        }

        await context.Invoke();
    }

    /// <summary>Ends every held call (with a failure), once the cluster that held them is gone.</summary>
    public void Release() => _released.TrySetResult();
}

/// <summary>
/// Holds the first announcement a peer sends that matches, before it leaves the peer (an outgoing filter, so the
/// file grain stays free to take other calls meanwhile), until the test lets it go on.
/// </summary>
public sealed class AnnouncementGate(Func<Announcement, bool> holds) : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.MethodName == nameof(IFileGrain.AnnounceAsync) && context.Request.GetArgument(0) is Announcement announcement &&
            holds(announcement) && Interlocked.Exchange(ref _held, 1) == 0)
        {
            Held.TrySetResult();
            await _released.Task;
        }

        await context.Invoke();
    }

    public void Release() => _released.TrySetResult();
}

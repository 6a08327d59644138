namespace OrleansP2P.Tests.Hosts;

/// <summary>
/// Faults a test puts into its cluster's calls, through an incoming grain call filter on every silo: a peer whose
/// updates never get an answer (its host is frozen: the call arrives and hangs), and the start-up sweep of pending
/// deliveries refused, so that what still delivers is the host registry's wake-up alone. It also counts the waits
/// that climbed to the tracker (<see cref="ITrackerGrain.AwaitPublishedAsync"/>).
/// </summary>
public sealed class CallFaults
{
    private volatile TaskCompletionSource? _thawed;
    private volatile string? _frozenPeer;
    private int _trackerWaits;

    /// <summary>Every <see cref="ITrackerGrain.ResumeDeliveriesAsync"/> fails (the silo start-up sweep).</summary>
    public volatile bool RefuseStartupSweep;

    /// <summary>From now on <c>ApplyUpdateAsync</c> to peer grain <paramref name="peerKey"/> hangs until <see cref="Thaw"/>.</summary>
    public void Freeze(string peerKey)
    {
        _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _frozenPeer = peerKey;
    }

    /// <summary>How many calls have waited for a version at the tracker itself, rather than on a peer's own host.</summary>
    public int TrackerWaits => Volatile.Read(ref _trackerWaits);

    public void Thaw()
    {
        _frozenPeer = null;
        _thawed?.TrySetResult();
    }

    internal async Task BeforeAsync(IIncomingGrainCallContext context)
    {
        if (context.Grain is ITrackerGrain && context.InterfaceMethod?.Name == nameof(ITrackerGrain.AwaitPublishedAsync))
        {
            Interlocked.Increment(ref _trackerWaits);
        }

        if (RefuseStartupSweep && context.Grain is ITrackerGrain && context.InterfaceMethod?.Name == nameof(ITrackerGrain.ResumeDeliveriesAsync))
        {
            throw new InvalidOperationException("The test refuses the start-up sweep of pending deliveries.");
        }

        if (_frozenPeer is { } frozen && _thawed is { } thawed && context.InterfaceMethod?.Name == nameof(IPeerServerGrain.ApplyUpdateAsync)
            && context.TargetId.Key.ToString() == frozen)
        {
            await thawed.Task;
        }
    }
}

internal sealed class CallFaultFilter(CallFaults faults) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await faults.BeforeAsync(context);
        await context.Invoke();
    }
}

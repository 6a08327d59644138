namespace OrleansP2P.Storage;

/// <summary>
/// Writes a reentrant grain's state one write at a time: interleaved calls may each ask for a write, but two
/// writes in flight would race on the storage ETag. Every change made while a write runs shares the next one,
/// so a burst of changes costs two writes, not one per change. A caller's task completes once a write that
/// started after its change has succeeded.
/// </summary>
internal sealed class SerialStateWriter<TState>(IPersistentState<TState> state)
{
    private Task _running = Task.CompletedTask;
    private Task? _queued;

    public Task WriteAsync()
    {
        if (_queued is { } queued)
        {
            return queued;
        }

        return _running.IsCompleted ? _running = state.WriteStateAsync() : _queued = WriteAfterAsync(_running);
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The callers of the earlier write saw its failure; this write tries again with the newer state.
        }

        _queued = null;
        _running = state.WriteStateAsync();
        await _running;
    }
}

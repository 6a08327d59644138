namespace OrleansP2P.Storage;

/// <summary>
/// Writes a reentrant grain's state one write at a time: interleaved calls may each ask for a write, but
/// two writes in flight would race on the storage ETag. A write asked for while one runs waits for it,
/// then writes the state as it is by then.
/// </summary>
internal sealed class SerialStateWriter<TState>(IPersistentState<TState> state)
{
    private Task _last = Task.CompletedTask;

    public Task WriteAsync()
    {
        _last = WriteAfterAsync(_last);
        return _last;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The caller of the earlier write saw its failure; this write tries again with the newer state.
        }

        await state.WriteStateAsync();
    }
}

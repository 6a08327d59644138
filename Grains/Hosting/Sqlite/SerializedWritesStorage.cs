using Orleans.Storage;

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>
/// Hands the ADO.NET grain storage one write at a time. SQLite admits one writer per file anyway; letting
/// grains race for it makes the losers poll SQLite's busy handler (sleeps of up to 100 ms, then Microsoft.Data.Sqlite's
/// 150 ms retry), so a fan-out of a few concurrent writes took 150 ms. Queued here, they run back to back.
/// Reads are not gated: WAL lets them run beside the writer.
/// </summary>
internal sealed class SerializedWritesStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private async Task OneAtATimeAsync(Func<Task> write)
    {
        await _writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }
}

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

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
        }
        finally
        {
            _writer.Release();
        }
    }
}

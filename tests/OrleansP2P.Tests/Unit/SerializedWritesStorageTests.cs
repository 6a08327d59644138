using OrleansP2P.Hosting.Sqlite;
using Orleans.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class SerializedWritesStorageTests
{
    [Fact]
    public async Task Concurrent_writes_reach_the_store_one_at_a_time_and_reads_are_not_held_back()
    {
        var store = new SlowStore();
        var storage = new SerializedWritesStorage(store);
        var state = new GrainState<string>("x");

        var writes = Enumerable.Range(0, 20).Select(i => storage.WriteStateAsync("s", GrainId.Create("test", i.ToString()), state)).ToList();
        writes.Add(storage.ClearStateAsync("s", GrainId.Create("test", "clear"), state));
        await storage.ReadStateAsync("s", GrainId.Create("test", "read"), state);
        Assert.True(store.Reads == 1 && store.Writes < 21, "a read waited for the queued writes");
        await Task.WhenAll(writes);

        Assert.Equal(21, store.Writes);
        Assert.Equal(1, store.MostAtOnce);
    }

    /// <summary>Counts how many writes are inside it at once; each takes a moment, so overlaps would show.</summary>
    private sealed class SlowStore : IGrainStorage
    {
        private int _inside;

        public int MostAtOnce { get; private set; }

        public int Writes { get; private set; }

        public int Reads { get; private set; }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Reads++;
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteAsync();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteAsync();

        private async Task WriteAsync()
        {
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _inside));
            await Task.Delay(2);
            Writes++;
            Interlocked.Decrement(ref _inside);
        }
    }
}

using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class SerialStateWriterTests
{
    [Fact]
    public async Task Writes_never_overlap_and_changes_made_during_a_write_share_the_next_one()
    {
        var state = new ManualState();
        var writer = new SerialStateWriter<int>(state);

        state.State = 1;
        var first = writer.WriteAsync();
        state.State = 2;
        var second = writer.WriteAsync();
        state.State = 3;
        var third = writer.WriteAsync();
        Assert.Same(second, third);
        Assert.Equal(1, state.Started);

        state.FinishWrite();
        await first;
        Assert.False(second.IsCompleted);
        Assert.Equal(2, state.Started);

        state.FinishWrite();
        await third;
        Assert.Equal([1, 3], state.Written);
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_and_the_next_write_still_runs()
    {
        var state = new ManualState();
        var writer = new SerialStateWriter<int>(state);
        var failing = writer.WriteAsync();
        var next = writer.WriteAsync();

        state.FailWrite();
        await Assert.ThrowsAsync<IOException>(() => failing);
        state.FinishWrite();
        await next;
        Assert.Equal(2, state.Started);
    }

    /// <summary>A grain state whose writes finish only when the test says so.</summary>
    private sealed class ManualState : IPersistentState<int>
    {
        private TaskCompletionSource? _pending;

        public int State { get; set; }

        public string? Etag => null;

        public bool RecordExists => Written.Count > 0;

        public List<int> Written { get; } = [];

        public int Started { get; private set; }

        public Task WriteStateAsync()
        {
            Assert.Null(_pending);
            Started++;
            var value = State;
            _pending = new TaskCompletionSource();
            return Complete(_pending.Task, value);
        }

        public void FinishWrite() => Take().SetResult();

        public void FailWrite() => Take().SetException(new IOException("disk full"));

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync() => throw new NotSupportedException();

        private TaskCompletionSource Take()
        {
            var pending = _pending!;
            _pending = null;
            return pending;
        }

        private async Task Complete(Task done, int value)
        {
            await done;
            Written.Add(value);
        }
    }
}

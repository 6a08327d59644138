using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Unit;

public sealed class PublicationRoundsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A table whose version the test sets, and a publish that can be held open or made to throw.</summary>
    private sealed class Table
    {
        public long Version;
        public int Rounds;
        public TaskCompletionSource? Gate;
        public Exception? Throw;

        public async Task<long> PublishAsync()
        {
            Interlocked.Increment(ref Rounds);
            var version = Volatile.Read(ref Version);
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            // A failure is one round's: the next round succeeds unless the test arms it again.
            return Interlocked.Exchange(ref Throw, null) is { } failure ? throw failure : version;
        }
    }

    [Fact]
    public async Task A_wait_for_a_version_completes_once_a_round_published_it_and_at_once_after()
    {
        var table = new Table { Version = 3 };
        var rounds = new PublicationRounds(table.PublishAsync, () => TimeSpan.Zero);

        await rounds.WaitForAsync(3).WaitAsync(Deadline);

        Assert.Equal(3, rounds.Published);
        Assert.True(rounds.WaitForAsync(2).IsCompletedSuccessfully);
        Assert.True(rounds.WaitForAsync(3).IsCompletedSuccessfully);
        Assert.Equal(1, table.Rounds);
    }

    [Fact]
    public async Task Changes_made_while_a_round_runs_share_the_next_round()
    {
        var table = new Table { Version = 1, Gate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        var rounds = new PublicationRounds(table.PublishAsync, () => TimeSpan.Zero);
        var first = rounds.WaitForAsync(1);

        table.Version = 4;
        var second = rounds.WaitForAsync(2);
        var third = rounds.WaitForAsync(4);
        rounds.Changed(3);
        Assert.False(second.IsCompleted);
        table.Gate.SetResult();

        await Task.WhenAll(first, second, third).WaitAsync(Deadline);
        Assert.Equal(2, table.Rounds);
        Assert.Equal(4, rounds.Published);
    }

    [Fact]
    public async Task A_round_that_throws_fails_its_waits_and_the_next_wait_gets_a_round_of_its_own()
    {
        var table = new Table { Version = 1, Throw = new IOException("disk full") };
        var rounds = new PublicationRounds(table.PublishAsync, () => TimeSpan.Zero);

        var failed = await Assert.ThrowsAsync<IOException>(() => rounds.WaitForAsync(1).WaitAsync(Deadline));
        Assert.Equal("disk full", failed.Message);
        Assert.Equal(0, rounds.Published);

        table.Version = 2;
        await rounds.WaitForAsync(2).WaitAsync(Deadline);
        Assert.Equal(2, rounds.Published);
        Assert.Equal(2, table.Rounds);
    }

    [Fact]
    public async Task A_wait_that_arrives_during_a_failing_round_is_not_left_hanging()
    {
        var table = new Table { Version = 1, Gate = new(TaskCreationOptions.RunContinuationsAsynchronously), Throw = new IOException("disk full") };
        var rounds = new PublicationRounds(table.PublishAsync, () => TimeSpan.Zero);
        var first = rounds.WaitForAsync(1);
        table.Version = 2;
        var second = rounds.WaitForAsync(2);

        table.Gate.SetResult();
        await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Deadline));

        await second.WaitAsync(Deadline);
        Assert.Equal(2, rounds.Published);
    }

    [Fact]
    public async Task Rounds_back_to_back_are_spaced_from_the_start_of_the_last_one()
    {
        var table = new Table { Version = 1 };
        var spacing = TimeSpan.FromMilliseconds(200);
        var rounds = new PublicationRounds(table.PublishAsync, () => spacing);
        await rounds.WaitForAsync(1).WaitAsync(Deadline);

        table.Version = 2;
        var second = rounds.WaitForAsync(2);
        table.Version = 3;
        var third = rounds.WaitForAsync(3);

        await Task.WhenAll(second, third).WaitAsync(Deadline);
        Assert.Equal(2, table.Rounds);
    }

    [Fact]
    public void Versions_on_disk_after_a_restart_need_no_round()
    {
        var table = new Table { Version = 7 };
        var rounds = new PublicationRounds(table.PublishAsync, () => TimeSpan.Zero);

        rounds.StartFrom(7);

        Assert.True(rounds.WaitForAsync(7).IsCompletedSuccessfully);
        Assert.Equal(0, table.Rounds);
    }
}

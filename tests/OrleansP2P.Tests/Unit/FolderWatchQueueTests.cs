using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

/// <summary>The watcher's queue without a cluster or a clock: quiet periods, coalescing, and changes before rescans.</summary>
public sealed class FolderWatchQueueTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int milliseconds) => T0.AddMilliseconds(milliseconds);

    [Fact]
    public void A_change_is_read_once_its_folder_has_been_quiet_for_the_quiet_period()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user3", At(0));

        Assert.Null(queue.TryTake(At(249)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), queue.WaitBeforeNext(At(249)));
        Assert.Equal(new FolderWork("net/user3", IsChange: true), queue.TryTake(At(250)));
        Assert.Null(queue.TryTake(At(10_000)));
    }

    [Fact]
    public void A_file_written_in_pieces_with_short_pauses_is_read_once_after_the_last_piece()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        for (var piece = 0; piece < 5; piece++)
        {
            queue.Changed("net/user1", At(piece * 200));
            Assert.Null(queue.TryTake(At(piece * 200 + 199)));
        }

        Assert.Null(queue.TryTake(At(1_049)));
        Assert.NotNull(queue.TryTake(At(1_050)));
        queue.Done("net/user1");
        Assert.Null(queue.TryTake(At(5_000)));
    }

    [Fact]
    public void A_change_during_a_reading_is_read_again_after_it_and_never_twice_at_once()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user3", At(0));
        Assert.NotNull(queue.TryTake(At(250)));

        queue.Changed("net/user3", At(300));
        Assert.Null(queue.TryTake(At(600)));
        queue.Done("net/user3");

        Assert.Equal(new FolderWork("net/user3", IsChange: true), queue.TryTake(At(600)));
    }

    [Fact]
    public void Changes_go_before_hundreds_of_queued_rescans_and_rescans_use_their_own_few_slots()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        for (var i = 0; i < 300; i++)
        {
            queue.Rescan($"other{i}/user1");
        }

        Assert.Equal(new FolderWork("other0/user1", IsChange: false), queue.TryTake(At(0)));
        Assert.Equal(new FolderWork("other1/user1", IsChange: false), queue.TryTake(At(0)));
        Assert.Null(queue.TryTake(At(0)));

        // Both rescan slots are busy, and 298 rescans wait: user3's edit is read as soon as it is quiet.
        queue.Changed("net/user3", At(10));
        Assert.Equal(new FolderWork("net/user3", IsChange: true), queue.TryTake(At(260)));
        queue.Changed("net/user4", At(20));
        Assert.Equal(new FolderWork("net/user4", IsChange: true), queue.TryTake(At(270)));

        queue.Done("other0/user1");
        Assert.Equal(new FolderWork("other2/user1", IsChange: false), queue.TryTake(At(280)));
    }

    [Fact]
    public void A_rescan_is_queued_once_and_dropped_when_a_change_of_the_same_folder_is_pending()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Rescan("net/user1");
        queue.Rescan("net/user1");
        queue.Rescan("net/user2");
        queue.Changed("net/user2", At(0));

        Assert.Equal(new FolderWork("net/user1", IsChange: false), queue.TryTake(At(0)));
        queue.Done("net/user1");
        Assert.Null(queue.TryTake(At(100)));
        Assert.Equal(new FolderWork("net/user2", IsChange: true), queue.TryTake(At(250)));
        queue.Done("net/user2");
        Assert.Null(queue.TryTake(At(1_000)));
    }

    [Fact]
    public void A_rescan_of_a_folder_being_read_waits_for_the_reading()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user1", At(0));
        Assert.NotNull(queue.TryTake(At(250)));
        queue.Rescan("net/user1");

        Assert.Null(queue.TryTake(At(300)));
        queue.Done("net/user1");
        Assert.Equal(new FolderWork("net/user1", IsChange: false), queue.TryTake(At(300)));
    }

    [Fact]
    public void With_every_change_slot_busy_nothing_is_due_until_a_reading_ends()
    {
        var queue = new FolderWatchQueue(Quiet, 1, 1);
        queue.Changed("net/user1", At(0));
        queue.Changed("net/user2", At(0));
        Assert.NotNull(queue.TryTake(At(250)));

        Assert.Null(queue.TryTake(At(250)));
        Assert.Null(queue.WaitBeforeNext(At(250)));
        queue.Done("net/user1");
        Assert.Equal(new FolderWork("net/user2", IsChange: true), queue.TryTake(At(250)));
    }
}

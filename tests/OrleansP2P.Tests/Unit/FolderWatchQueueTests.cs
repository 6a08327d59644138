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
    public void A_rescan_is_queued_once_and_folds_into_a_pending_change_of_the_same_folder()
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

    [Fact]
    public void A_change_carries_the_names_its_events_named_including_those_named_while_it_was_read()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user3", At(0), "File3.txt.tmp");
        queue.Changed("net/user3", At(10), "File3.txt");
        queue.Changed("net/user3", At(20), "File3.txt");

        var first = queue.TryTake(At(270))!;
        Assert.True(first.IsChange);
        Assert.Equal<string>(["File3.txt", "File3.txt.tmp"], first.Names!.Order(StringComparer.Ordinal));

        queue.Changed("net/user3", At(300), "Notes.txt");
        queue.Done("net/user3");
        Assert.Equal<string>(["Notes.txt"], queue.TryTake(At(550))!.Names!);
    }

    [Fact]
    public void A_rescan_of_a_folder_whose_named_change_is_pending_makes_that_change_read_the_whole_folder()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user1", At(0), "Dropped.txt");
        queue.Rescan("net/user1");

        Assert.Null(queue.TryTake(At(100)));
        var work = queue.TryTake(At(250))!;
        Assert.True(work.IsChange);
        Assert.True(work.IsWhole);
    }

    [Fact]
    public void An_event_without_a_name_or_more_names_than_the_limit_read_the_whole_folder()
    {
        var queue = new FolderWatchQueue(Quiet, 8, 2);
        queue.Changed("net/user1", At(0), "A.txt");
        queue.Changed("net/user1", At(0));
        for (var i = 0; i <= FolderWatchQueue.MaxNames; i++)
        {
            queue.Changed("net/user2", At(0), $"File{i}.txt");
        }

        Assert.True(queue.TryTake(At(250))!.IsWhole);
        Assert.True(queue.TryTake(At(250))!.IsWhole);
    }
}

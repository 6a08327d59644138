using OrleansP2P.Hosting;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// The per-host wait a peer uses after a change: it completes on the tracker's "version N is everywhere" notice
/// without asking the tracker, fails on a failed round's notice, and asks the tracker when it cannot know.
/// </summary>
public sealed class PublishedWaitsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Far longer than any test runs: a wait that reaches for the tracker within it did so at once.</summary>
    private static readonly TimeSpan NoPatienceNeeded = TimeSpan.FromMinutes(10);

    /// <summary>The tracker's own wait, counted; it completes when the test says so.</summary>
    private sealed class Tracker
    {
        public readonly List<long> Asked = [];
        public TaskCompletionSource Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task AwaitPublishedAsync(long version)
        {
            lock (Asked)
            {
                Asked.Add(version);
            }

            return Answer.Task;
        }
    }

    [Fact]
    public async Task A_wait_for_a_version_already_announced_completes_at_once_without_the_tracker()
    {
        var tracker = new Tracker();
        var waits = new PublishedWaits(tracker.AwaitPublishedAsync, NoPatienceNeeded);
        waits.Reached(5);

        Assert.True(waits.WaitForAsync(5).IsCompletedSuccessfully);
        Assert.True(waits.WaitForAsync(3).IsCompletedSuccessfully);
        await waits.WaitForAsync(1).WaitAsync(Deadline);
        Assert.Empty(tracker.Asked);
        Assert.Equal(5, waits.Published);
    }

    [Fact]
    public async Task A_wait_for_a_version_not_yet_reached_completes_on_the_notice_that_covers_it()
    {
        var tracker = new Tracker();
        var waits = new PublishedWaits(tracker.AwaitPublishedAsync, NoPatienceNeeded);
        waits.Reached(2);
        var seven = waits.WaitForAsync(7);
        var four = waits.WaitForAsync(4);

        waits.Reached(5);
        await four.WaitAsync(Deadline);
        Assert.False(seven.IsCompleted);

        // Rounds share: one notice past 7 completes it, whichever versions were announced in between.
        waits.Reached(9);
        await seven.WaitAsync(Deadline);
        Assert.Empty(tracker.Asked);
    }

    [Fact]
    public async Task A_failed_round_fails_the_waits_it_was_meant_to_publish_and_only_those()
    {
        var tracker = new Tracker();
        var waits = new PublishedWaits(tracker.AwaitPublishedAsync, NoPatienceNeeded);
        waits.Reached(2);
        var three = waits.WaitForAsync(3);
        var eight = waits.WaitForAsync(8);

        waits.Failed(4, "the disk is full");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => three.WaitAsync(Deadline));
        Assert.Contains("the disk is full", failure.Message);
        Assert.False(eight.IsCompleted);

        // The next round publishes past it: the later wait completes, and the failure did not move what is published.
        Assert.Equal(2, waits.Published);
        waits.Reached(8);
        await eight.WaitAsync(Deadline);

        // A failure notice that arrives after a later success (one-way notices may pass each other) fails nothing.
        waits.Failed(6, "late");
        await waits.WaitForAsync(6).WaitAsync(Deadline);
        Assert.Empty(tracker.Asked);
    }

    [Fact]
    public async Task A_host_that_activates_late_asks_the_tracker_until_it_hears_a_notice()
    {
        var tracker = new Tracker();
        var waits = new PublishedWaits(tracker.AwaitPublishedAsync, NoPatienceNeeded);

        // It never heard of a round: version 4 may have been everywhere long ago, so the tracker answers.
        var four = waits.WaitForAsync(4);
        Assert.Equal([4L], tracker.Asked);
        Assert.False(four.IsCompleted);
        tracker.Answer.SetResult();
        await four.WaitAsync(Deadline);

        // From its first notice on, it waits on its own.
        waits.Reached(4);
        var six = waits.WaitForAsync(6);
        waits.Reached(6);
        await six.WaitAsync(Deadline);
        Assert.Equal([4L], tracker.Asked);
    }

    [Fact]
    public async Task A_wait_whose_notice_never_comes_asks_the_tracker_after_its_patience_and_fails_with_it()
    {
        var tracker = new Tracker();
        var waits = new PublishedWaits(tracker.AwaitPublishedAsync, TimeSpan.FromMilliseconds(50));
        waits.Reached(1);

        var two = waits.WaitForAsync(2);
        tracker.Answer.SetException(new InvalidOperationException("the round for 2 threw"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => two.WaitAsync(Deadline));
        Assert.Equal("the round for 2 threw", failure.Message);
        Assert.Equal([2L], tracker.Asked);
    }
}

using OrleansP2P.Tracker;

namespace OrleansP2P.Hosting;

/// <summary>
/// One host's view of a network's publication rounds, so a peer that changed the network waits for its tracker
/// version on its own host instead of climbing to the tracker a second time. After a round has written the table
/// on every live host, the tracker tells each host "version N is everywhere" (<see cref="Reached"/>), or that the
/// round failed (<see cref="Failed"/>); waits here complete or fail on that notice.
/// <para>
/// Every wait completes or fails; none can hang. A host that has heard no notice since it activated (it started,
/// came back, or was idle) cannot know what is published, so its waits ask the tracker itself; so does a wait that
/// hears nothing within <c>patience</c> (a lost notice, a round that failed before it was asked for, a tracker
/// that restarted). The tracker's own wait completes or fails (<see cref="Tracker.PublicationRounds"/>).
/// </para>
/// </summary>
/// <param name="askTracker">The tracker's wait for a version: the fallback.</param>
/// <param name="patience">How long a wait trusts the notices before it asks the tracker.</param>
public sealed class PublishedWaits(Func<long, Task> askTracker, TimeSpan patience)
{
    private readonly object _lock = new();
    private readonly VersionWaits _waiting = new();
    private long _published;
    private bool _heard;

    /// <summary>The newest version the tracker said every live host shows (0 until a notice came).</summary>
    public long Published
    {
        get
        {
            lock (_lock)
            {
                return _published;
            }
        }
    }

    /// <summary>Completes once every live host shows <paramref name="version"/> or a later one; fails if its round failed.</summary>
    public async Task WaitForAsync(long version)
    {
        Task? notice = null;
        lock (_lock)
        {
            if (version <= _published)
            {
                return;
            }

            if (_heard)
            {
                notice = _waiting.For(version);
            }
        }

        if (notice is not null)
        {
            try
            {
                await notice.WaitAsync(patience);
                return;
            }
            catch (TimeoutException)
            {
                // No notice in time: the tracker knows.
            }
        }

        await askTracker(version);
    }

    /// <summary>The tracker's notice: a round wrote <paramref name="version"/> on every live host.</summary>
    public void Reached(long version) => Settle(version, null);

    /// <summary>The tracker's notice: the round meant to publish up to <paramref name="version"/> threw.</summary>
    public void Failed(long version, string reason) =>
        Settle(version, new InvalidOperationException($"The tracker could not publish version {version}: {reason}"));

    private void Settle(long upTo, Exception? failure)
    {
        List<TaskCompletionSource> settled;
        lock (_lock)
        {
            _heard = true;
            if (failure is null)
            {
                _published = Math.Max(_published, upTo);
            }

            // Waits at or below what is already published were completed by that notice; a late failure notice
            // (one-way calls may pass each other) finds none of them left.
            settled = _waiting.TakeUpTo(upTo);
        }

        VersionWaits.Settle(settled, failure);
    }
}

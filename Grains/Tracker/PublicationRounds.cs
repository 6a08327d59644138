using System.Diagnostics;

namespace OrleansP2P.Tracker;

/// <summary>
/// When the tracker's table goes out to every folder: in rounds. A change made while a round runs waits for the
/// next one, and every change made meanwhile shares it, so a storm of changes costs a few rounds, not one each.
/// Rounds start at least <c>spacing()</c> apart, counted from the start of the last one.
/// <para>
/// Every wait completes or fails; none can hang. A round that throws fails the waits it was run for (and only
/// those); the next wait starts a new round. Plain and single-purpose, so it is unit-tested without a cluster;
/// the tracker grain owns one and calls it from its turns.
/// </para>
/// </summary>
/// <param name="publish">Publishes the table as it is now; returns the version it published.</param>
/// <param name="spacing">The least time between the starts of two rounds (read before each round).</param>
public sealed class PublicationRounds(Func<Task<long>> publish, Func<TimeSpan> spacing)
{
    private readonly object _lock = new();
    private readonly VersionWaits _waiting = new();
    private long _latest;
    private long _published;
    private bool _running;
    private long _lastStart;

    /// <summary>The newest version that has gone out to every folder.</summary>
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

    /// <summary>
    /// The spacing for a network of <paramref name="peers"/> (<see cref="Hosting.P2POptions.TrackerRoundSpacingPerPeer"/>
    /// each); at most a quarter second, which every login and download may wait.
    /// </summary>
    public static TimeSpan SpacingFor(TimeSpan perPeer, int peers) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond / 4, perPeer.Ticks * peers));

    /// <summary>The tracker recorded <paramref name="version"/>; a round will publish it even if nobody waits.</summary>
    public void Changed(long version)
    {
        lock (_lock)
        {
            _latest = Math.Max(_latest, version);
            if (_running || _latest <= _published)
            {
                return;
            }

            _running = true;
        }

        _ = RunAsync();
    }

    /// <summary>Completes once a round has published <paramref name="version"/> or a later one; fails if the round for it throws.</summary>
    public Task WaitForAsync(long version)
    {
        Task waiting;
        lock (_lock)
        {
            if (version <= _published)
            {
                return Task.CompletedTask;
            }

            waiting = _waiting.For(version);
        }

        Changed(version);
        return waiting;
    }

    /// <summary>What is on disk already (after a reactivation): waits up to it complete at once.</summary>
    public void StartFrom(long published)
    {
        lock (_lock)
        {
            _published = Math.Max(_published, published);
            _latest = Math.Max(_latest, published);
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_latest <= _published)
                {
                    _running = false;
                    return;
                }
            }

            var wait = _lastStart == 0 ? TimeSpan.Zero : spacing() - Stopwatch.GetElapsedTime(_lastStart);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            _lastStart = Stopwatch.GetTimestamp();
            long target;
            lock (_lock)
            {
                // Changes that came in during the pause ride along: the round publishes the table as it is now.
                target = _latest;
            }

            try
            {
                Settle(await publish(), null);
            }
            catch (Exception exception)
            {
                Settle(target, exception);
            }
        }
    }

    /// <summary>Completes (or, after a failed round, fails) every wait up to <paramref name="upTo"/>.</summary>
    private void Settle(long upTo, Exception? failure)
    {
        List<TaskCompletionSource> settled;
        lock (_lock)
        {
            if (failure is null)
            {
                _published = Math.Max(_published, upTo);
            }

            settled = _waiting.TakeUpTo(upTo);
            if (failure is not null)
            {
                // Nobody is left waiting for the failed round's versions; waits that came in since still get a round.
                _latest = Math.Max(_published, _waiting.Highest);
            }
        }

        VersionWaits.Settle(settled, failure);
    }
}

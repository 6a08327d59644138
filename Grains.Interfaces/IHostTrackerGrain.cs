using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// A network's Tracker.txt on one host (key <c>host:{host}/{network}</c>, placed on a silo of that host): the
/// tracker hands it each round's table, so every host writes the table once in its own data root — O(hosts)
/// calls a round, whatever the number of peers. Versions on disk only move forward.
/// </summary>
[Alias("OrleansP2P.IHostTrackerGrain")]
public interface IHostTrackerGrain : IGrainWithStringKey
{
    /// <summary>A deadline: a frozen host must not hold up a round (or a tracker's activation) for long.</summary>
    [Alias("Publish"), ResponseTimeout("00:00:10")]
    Task PublishAsync(TrackerSnapshot snapshot);
}

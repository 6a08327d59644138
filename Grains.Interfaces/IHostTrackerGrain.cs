using Orleans.Concurrency;
using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// A network's Tracker.txt on one host (key <c>host:{host}/{network}</c>, placed on a silo of that host): it keeps
/// the table, the tracker hands it each round's changes, and it writes the table once in its own data root —
/// O(hosts) calls a round, whatever the number of peers, each O(changes). Versions on disk only move forward. After a round has written
/// every live host, the tracker tells each host which version is everywhere, so a peer waits for its change on its
/// own host (<see cref="AwaitPublishedAsync"/>) instead of climbing to the tracker again.
/// </summary>
[Alias("OrleansP2P.IHostTrackerGrain")]
public interface IHostTrackerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes <paramref name="snapshot"/> this host's whole table (a tracker's activation, a host that starts).
    /// A deadline: a frozen host must not hold up a round (or a tracker's activation) for long.
    /// </summary>
    [Alias("Publish"), ResponseTimeout("00:00:10")]
    Task PublishAsync(TrackerSnapshot snapshot);

    /// <summary>
    /// A round: applies its changes to the table this host keeps and writes the result. A host that cannot apply
    /// them (it missed a round, or restarted) fetches the whole table from the tracker first.
    /// </summary>
    [Alias("Apply"), ResponseTimeout("00:00:10")]
    Task ApplyAsync(TrackerChanges changes);

    /// <summary>
    /// Completes once every live host's Tracker.txt shows <paramref name="version"/> or a later one; fails (never
    /// hangs) if its round failed. Interleaves with a write: it only waits for the tracker's notice (or, when none
    /// comes, for <see cref="ITrackerGrain.AwaitPublishedAsync"/>).
    /// </summary>
    [Alias("AwaitPublished"), AlwaysInterleave, ResponseTimeout("00:01:00")]
    Task AwaitPublishedAsync(long version);

    /// <summary>The tracker's notice after a round: every live host shows <paramref name="version"/>.</summary>
    [Alias("PublishedEverywhere"), OneWay, AlwaysInterleave]
    Task PublishedEverywhereAsync(long version);

    /// <summary>The tracker's notice that the round meant to publish up to <paramref name="version"/> failed.</summary>
    [Alias("RoundFailed"), OneWay, AlwaysInterleave]
    Task RoundFailedAsync(long version, string reason);
}

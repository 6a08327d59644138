namespace OrleansP2P;

/// <summary>
/// How long the tracker keeps an <see cref="ITrackerObserver"/> that has not renewed its subscription:
/// the contract between the tracker and every watcher, so watchers know how often to renew.
/// </summary>
public static class TrackerSubscription
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);
}

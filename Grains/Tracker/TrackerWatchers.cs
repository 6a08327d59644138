using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>The tracker's live watchers (the portal's dashboards), kept in an <see cref="ObserverManager{T}"/> that expires the stale.</summary>
internal sealed class TrackerWatchers(ILogger logger)
{
    private readonly ObserverManager<ITrackerObserver> _observers = new(TrackerSubscription.Expiry, logger);

    public void Subscribe(ITrackerObserver observer) => _observers.Subscribe(observer, observer);

    public void Unsubscribe(ITrackerObserver observer) => _observers.Unsubscribe(observer);

    public void Clear() => _observers.Clear();

    /// <summary>Watchers hear of a change once every Tracker.txt shows it, so what they read then is current.</summary>
    public async Task NotifyWhenPublishedAsync(Task published, string message, Func<long> trackerVersion)
    {
        try
        {
            await published;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The tracker version with '{Change}' was not published", LogText.Escape(message));
        }

        Notify(message, trackerVersion());
    }

    public void Notify(string message, long trackerVersion)
    {
        var networkEvent = new NetworkEvent(message, trackerVersion, DateTimeOffset.UtcNow);
        _observers.Notify(o => o.OnNetworkEventAsync(networkEvent));
    }
}

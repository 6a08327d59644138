using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Components.Live;

/// <summary>
/// A circuit's live subscription to its network's tracker: every login, download and update arrives as a
/// <see cref="NetworkEvent"/>, so pages never poll. The tracker forgets watchers that stay silent for
/// <see cref="TrackerSubscription.Expiry"/>, so the watch renews well inside that; disposing it
/// unsubscribes and frees the object reference, or the silo would keep calling a dead circuit.
/// </summary>
public sealed class TrackerWatch : ITrackerObserver, IAsyncDisposable
{
    /// <summary>Half the tracker's expiry: one lost renewal still leaves the subscription alive.</summary>
    public static readonly TimeSpan RenewEvery = TrackerSubscription.Expiry / 2;

    private readonly IGrainFactory _grains;
    private readonly ITrackerGrain _tracker;
    private readonly Func<NetworkEvent, Task> _onEvent;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private ITrackerObserver? _reference;
    private Task _renewing = Task.CompletedTask;

    private TrackerWatch(IGrainFactory grains, ITrackerGrain tracker, Func<NetworkEvent, Task> onEvent, ILogger logger)
    {
        _grains = grains;
        _tracker = tracker;
        _onEvent = onEvent;
        _logger = logger;
    }

    /// <summary>Subscribes before returning, so whatever the caller loads afterwards cannot miss an event.</summary>
    public static async Task<TrackerWatch> StartAsync(IGrainFactory grains, ITrackerGrain tracker, Func<NetworkEvent, Task> onEvent, ILogger logger)
    {
        var watch = new TrackerWatch(grains, tracker, onEvent, logger);
        // The runtime holds the observer weakly: the watch itself keeps it alive for as long as the page does.
        watch._reference = grains.CreateObjectReference<ITrackerObserver>(watch);
        await tracker.SubscribeAsync(watch._reference);
        watch._renewing = watch.RenewAsync(watch._reference);
        return watch;
    }

    public Task OnNetworkEventAsync(NetworkEvent networkEvent) => _onEvent(networkEvent);

    private async Task RenewAsync(ITrackerObserver reference)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _tracker.SubscribeAsync(reference);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next tick tries again; a brief outage must not end the live view for good.
                    _logger.LogWarning(exception, "Renewing the tracker subscription failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reference is not { } reference)
        {
            return;
        }

        _reference = null;
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            await _tracker.UnsubscribeAsync(reference);
        }
        catch (Exception exception)
        {
            // The tracker drops silent watchers by itself after the expiry; unsubscribing only saves it the wait.
            _logger.LogDebug(exception, "Unsubscribing from the tracker failed");
        }
        finally
        {
            _grains.DeleteObjectReference<ITrackerObserver>(reference);
            _stop.Dispose();
        }
    }
}

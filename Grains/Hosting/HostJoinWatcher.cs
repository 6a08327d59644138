using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;

namespace OrleansP2P.Hosting;

/// <summary>
/// Registers this silo's host when the silo is active, and watches membership: whenever a silo of some host becomes
/// active (this one included) and its metadata is known here, deliveries waiting for that host are woken. Every
/// silo does so, so the wake-up also comes from a silo that already sees the newcomer; no timer polls a host that is down.
/// </summary>
internal sealed class HostJoinWatcher(
    IClusterMembershipService membership,
    LiveHosts hosts,
    HostIdentity self,
    IGrainFactory grains,
    ILogger<HostJoinWatcher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HostJoinWatcher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetHostRegistry().RegisterHostAsync(self.Name);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not register host {Host}", self.Name);
        }

        _watching = Task.Run(WatchAsync, CancellationToken.None);
        _ = CatchUpAsync();
    }

    /// <summary>A host that starts or comes back writes every network's current table at once, not at the next round.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            foreach (var network in await grains.GetHostRegistry().ListNetworksAsync())
            {
                var snapshot = await grains.GetTracker(network).GetSnapshotAsync();
                await grains.GetGrain<IHostTrackerGrain>(HomeHostPlacement.KeyOn(self.Name, network)).PublishAsync(snapshot);
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Host {Host} could not catch up on the tracker tables", self.Name);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watching.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task WatchAsync()
    {
        var seen = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active && !seen.Contains(m.SiloAddress)))
                {
                    if (await HostOfAsync(member.SiloAddress) is { } host)
                    {
                        seen.Add(member.SiloAddress);
                        await WakeAsync(host);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Watching membership for returning hosts stopped");
        }
    }

    /// <summary>A newcomer's metadata reaches this silo a moment after its membership entry: wait for it, briefly.</summary>
    private async Task<string?> HostOfAsync(SiloAddress silo)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_stopping.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            if (hosts.HostOf(silo) is { } host)
            {
                return host;
            }

            await Task.Delay(100, _stopping.Token);
        }

        return null;
    }

    private async Task WakeAsync(string host)
    {
        try
        {
            await grains.GetHostRegistry().WakeHostAsync(host);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not wake deliveries waiting for host {Host}", host);
        }
    }
}

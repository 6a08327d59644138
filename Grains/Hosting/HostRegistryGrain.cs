using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansP2P.Hosts;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// The cluster's hosts and the deliveries waiting for one that is down. Reentrant: a woken file grain that still
/// cannot reach its holder calls back <see cref="WaitForHostAsync"/> while the wake-up is under way.
/// </summary>
[Reentrant]
public sealed class HostRegistryGrain(
    [PersistentState("hosts", StorageNames.Metadata)] IPersistentState<HostRegistryState> state,
    LiveHosts live,
    ILogger<HostRegistryGrain> logger) : Grain, IHostRegistryGrain
{
    private readonly SerialStateWriter<HostRegistryState> _writer = new(state);

    public async Task RegisterHostAsync(string host)
    {
        if (!state.State.Hosts.Contains(host))
        {
            state.State.Hosts = state.State.Hosts.Add(host);
            await _writer.WriteAsync();
            logger.LogInformation("Host {Host} joined the cluster for the first time", host);
        }
    }

    public Task<ImmutableArray<HostInfo>> ListHostsAsync()
    {
        var silos = live.SilosByHost();
        var peers = state.State.Homes.Values.SelectMany(h => h.Values).GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult(state.State.Hosts.Union(silos.Keys)
            .Select(h => new HostInfo(h, silos.ContainsKey(h), silos.GetValueOrDefault(h), peers.GetValueOrDefault(h)))
            .ToImmutableArray());
    }

    public async Task RecordHomeAsync(string network, string username, string host)
    {
        var homes = state.State.Homes.GetValueOrDefault(network) ?? ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        if (homes.GetValueOrDefault(username) == host)
        {
            return;
        }

        state.State.Homes = state.State.Homes.SetItem(network, homes.SetItem(username, host));
        state.State.Hosts = state.State.Hosts.Add(host);
        await _writer.WriteAsync();
    }

    public Task<ImmutableDictionary<string, string>> ListHomesAsync(string network) =>
        Task.FromResult(state.State.Homes.GetValueOrDefault(network) ?? ImmutableDictionary<string, string>.Empty);

    public Task<ImmutableArray<string>> ListNetworksAsync() =>
        Task.FromResult(state.State.Homes.Keys.Order(StringComparer.Ordinal).ToImmutableArray());

    public async Task WaitForHostAsync(string host, string fileGrainKey)
    {
        var waiting = state.State.Waiting.GetValueOrDefault(host) ?? ImmutableSortedSet<string>.Empty;
        if (waiting.Contains(fileGrainKey))
        {
            return;
        }

        state.State.Waiting = state.State.Waiting.SetItem(host, waiting.Add(fileGrainKey));
        await _writer.WriteAsync();

        // The host may have come back between the failed delivery and this call, seen from here but not yet from the
        // file grain's silo: wake it again a moment later rather than leave it waiting for a join that happened.
        if (live.IsLive(host))
        {
            _ = WakeSoonAsync(host);
        }
    }

    public async Task WakeHostAsync(string host)
    {
        if (state.State.Waiting.GetValueOrDefault(host) is not { IsEmpty: false } waiting)
        {
            return;
        }

        state.State.Waiting = state.State.Waiting.Remove(host);
        await _writer.WriteAsync();
        logger.LogInformation("Host {Host} is back: resuming {Count} waiting deliveries", host, waiting.Count);
        foreach (var key in waiting)
        {
            // Each file grain keeps its own pending list; if it still cannot deliver it asks to wait again.
            _ = ResumeAsync(key);
        }
    }

    private async Task WakeSoonAsync(string host)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await WakeHostAsync(host);
    }

    private async Task ResumeAsync(string fileGrainKey)
    {
        try
        {
            await GrainFactory.GetGrain<IFileGrain>(fileGrainKey).ResumeDeliveriesAsync();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not resume deliveries of {Key}", fileGrainKey);
        }
    }
}

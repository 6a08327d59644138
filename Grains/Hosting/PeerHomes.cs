using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// Each peer's home host, fixed at sign-up and stored durably in grain storage under the peer's grain id (a record
/// of its own, so placement reads a few bytes, not the peer's table). A home never changes, so it is cached.
/// </summary>
public sealed class PeerHomes(IServiceProvider services)
{
    private const string StateName = "home";

    private readonly ConcurrentDictionary<GrainId, string> _known = new();

    private IGrainStorage Storage => services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);

    /// <summary>The peer's home host, or null for a peer that never signed up (or signed up before hosts existed).</summary>
    public async ValueTask<string?> ReadAsync(GrainId peer)
    {
        if (_known.TryGetValue(peer, out var cached))
        {
            return cached;
        }

        var state = new GrainState<PeerHome>(new PeerHome());
        await Storage.ReadStateAsync(StateName, peer, state);
        if (state.RecordExists && state.State?.Host is { } host)
        {
            _known[peer] = host;
            return host;
        }

        return null;
    }

    /// <summary>Records <paramref name="host"/> as the peer's home unless it has one already; returns the home it has.</summary>
    public async Task<string> SetAsync(GrainId peer, string host)
    {
        if (await ReadAsync(peer) is { } existing)
        {
            return existing;
        }

        var state = new GrainState<PeerHome>(new PeerHome { Host = host });
        try
        {
            await Storage.WriteStateAsync(StateName, peer, state);
        }
        catch (InconsistentStateException)
        {
            // Another sign-up of the same name got there first: its home stands.
            return await ReadAsync(peer) ?? throw new InvalidOperationException($"The home of {peer} could not be read back.");
        }

        _known[peer] = host;
        return host;
    }
}

[GenerateSerializer, Alias("OrleansP2P.PeerHome")]
public sealed class PeerHome
{
    [Id(0)] public string? Host { get; set; }
}

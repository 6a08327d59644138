using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// Grain storage in memory, through Orleans' serializer as the real stores go: each write is kept as its bytes (so
/// later changes to the grain's state object do not reach it) and recorded with its state name, a copy of what it
/// carried and its size.
/// </summary>
internal sealed class RecordingGrainStorage : IGrainStorage
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Storage.RowBucket<>).Assembly).AddAssembly(typeof(Protocol.FileLocation).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly Dictionary<string, byte[]> _states = new(StringComparer.Ordinal);
    private int _etag;

    public List<(string Name, object State, int Bytes)> Written { get; } = [];

    /// <summary>Stores <paramref name="bytes"/> as the state <paramref name="stateName"/>, as an earlier version wrote it.</summary>
    public void Put(string stateName, GrainId grainId, byte[] bytes) => _states[$"{grainId}/{stateName}"] = bytes;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue($"{grainId}/{stateName}", out var stored))
        {
            grainState.State = Serializer.Deserialize<T>(stored);
            grainState.RecordExists = true;
            grainState.ETag = _etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = Serializer.SerializeToArray(grainState.State);
        _states[$"{grainId}/{stateName}"] = bytes;
        Written.Add((stateName, Serializer.Deserialize<T>(bytes)!, bytes.Length));
        grainState.ETag = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.Remove($"{grainId}/{stateName}");
        return Task.CompletedTask;
    }
}

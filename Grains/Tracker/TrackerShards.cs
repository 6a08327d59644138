using OrleansP2P.Storage;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker's records split over <see cref="Count"/> persistent states (<c>tracker-shard-00</c> … <c>-3f</c>),
/// created through Orleans' <see cref="IPersistentStateFactory"/> so they load with the grain like any
/// <c>[PersistentState]</c>. A file key or username always lands in the same shard (FNV-1a of its text).
/// </summary>
internal sealed class TrackerShards
{
    public const int Count = 64;

    private readonly IPersistentState<TrackerShard>[] _states;
    private readonly SerialStateWriter<TrackerShard>[] _writers;

    public TrackerShards(IPersistentStateFactory factory, IGrainContext context, string storageName)
    {
        _states = [.. Enumerable.Range(0, Count).Select(i =>
            factory.Create<TrackerShard>(context, new PersistentStateAttribute($"tracker-shard-{i:x2}", storageName)))];
        _writers = [.. _states.Select(s => new SerialStateWriter<TrackerShard>(s))];
    }

    public IEnumerable<TrackerShard> All => _states.Select(s => s.State);

    /// <summary>The shard that holds <paramref name="keyOrUsername"/>.</summary>
    public TrackerShard Of(string keyOrUsername) => _states[IndexOf(keyOrUsername)].State;

    /// <summary>Writes the shard of <paramref name="keyOrUsername"/>; changes to it made meanwhile share the write.</summary>
    public Task WriteAsync(string keyOrUsername) => _writers[IndexOf(keyOrUsername)].WriteAsync();

    public Task WriteAllAsync() => Task.WhenAll(_writers.Select(w => w.WriteAsync()));

    internal static int IndexOf(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}

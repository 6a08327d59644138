using Orleans.Storage;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tracker;

/// <summary>
/// A tracker shard's durable records: its files in <see cref="Buckets"/> states of their own
/// (<c>shard-files-00</c> … <c>-0f</c>, <see cref="BucketedRows{TRow}"/>), its peers and who is online in
/// the shard's own state. A shard holds a 64th of the network's files (about 500 at 34,000), and the whole shard
/// written per change was 11 % of the soak's CPU at that size (docs/benchmarks.md); a change now writes the buckets
/// of the files it names (a 1,024th of the network each), and the shard's own state only when a peer changed.
/// Files an earlier version kept in the shard's state (<see cref="TrackerShard.Files"/>) move into the buckets
/// at activation, buckets first, so a crash midway moves them again.
/// </summary>
internal sealed class TrackerShardFiles(IPersistentState<TrackerShard> shard, IGrainStorage storage, GrainId grain)
{
    public const int Buckets = 16;

    private static readonly string[] StateNames = [.. Enumerable.Range(0, Buckets).Select(StateName)];

    private readonly BucketedRows<FileLocation> _files = new(storage, grain, StateNames, BucketOf);

    public static string StateName(int bucket) => $"shard-files-{bucket:x2}";

    /// <summary>
    /// The bucket of <paramref name="key"/>. Every key of a shard has the same hash modulo the shard count
    /// (<see cref="TrackerShards.IndexOf"/>), so the bucket is taken from the bits above it.
    /// </summary>
    public static int BucketOf(string key) => (int)(Fnv1a.Of(key) / TrackerShards.Count % Buckets);

    /// <summary>Reads the buckets of the shard whose own state is already read; moves the files it held into them.</summary>
    public async Task ActivateAsync()
    {
        if (await _files.LoadAsync(shard.State.Files))
        {
            shard.State.Files = ImmutableDictionary<string, FileLocation>.Empty;
            await shard.WriteStateAsync();
        }
    }

    public TrackerShardRecords Records => new(_files.Rows, shard.State.Peers, shard.State.Online);

    /// <summary>Stores the tracker's changes: the files' buckets they touched, and the shard's own state if a peer changed.</summary>
    public Task ApplyAsync(TrackerShardChanges changes)
    {
        var files = _files.ChangeAsync(changes.Files, changes.RemovedFiles);
        if (changes.Peers.IsEmpty && changes.Online.IsEmpty)
        {
            return files;
        }

        var state = shard.State;
        state.Peers = state.Peers.Union(changes.Peers);
        foreach (var (username, online) in changes.Online)
        {
            state.Online = online ? state.Online.Add(username) : state.Online.Remove(username);
        }

        return Task.WhenAll(files, shard.WriteStateAsync());
    }
}

using Orleans.Storage;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>One bucket of a peer's key → file table (see <see cref="PeerTable"/>).</summary>
[GenerateSerializer, Alias("OrleansP2P.PeerTableBucket")]
public sealed class PeerTableBucket
{
    [Id(0)] public ImmutableDictionary<string, HeldFile> Rows { get; set; } = ImmutableDictionary<string, HeldFile>.Empty;
}

/// <summary>
/// A peer's key → file table, stored as <see cref="Buckets"/> small states (<c>peer-table-00</c> … <c>-1f</c>) by a
/// stable hash of the key, so a change writes the one bucket it touched, not every row the peer holds: in the soak
/// a peer holds hundreds of files, and the whole table written per save, download and update made every change
/// slower as the network grew (docs/benchmarks.md). All rows are read at activation. Rows an earlier version kept in
/// <see cref="PeerState.Table"/> are moved in once (<see cref="LoadAsync"/>): buckets written first, so a crash
/// midway moves them again, and a bucket's row wins over the old copy.
/// </summary>
internal sealed class PeerTable
{
    public const int Buckets = 32;

    private readonly StoredState<PeerTableBucket>[] _buckets;
    private readonly SerialStateWriter<PeerTableBucket>[] _writers;

    public PeerTable(IGrainStorage storage, GrainId peer)
    {
        _buckets = [.. Enumerable.Range(0, Buckets).Select(i => new StoredState<PeerTableBucket>(storage, StateName(i), peer))];
        _writers = [.. _buckets.Select(b => new SerialStateWriter<PeerTableBucket>(b))];
    }

    /// <summary>Every row, kept in memory beside the buckets.</summary>
    public ImmutableDictionary<string, HeldFile> Rows { get; private set; } = ImmutableDictionary<string, HeldFile>.Empty;

    public static string StateName(int bucket) => $"peer-table-{bucket:x2}";

    /// <summary>The bucket of <paramref name="key"/>: FNV-1a over its characters, the same in every process.</summary>
    public static int BucketOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Buckets);
    }

    /// <summary>Reads every bucket, and moves the rows of <paramref name="legacy"/> (the old one-state table) into them; true if it moved any.</summary>
    public async Task<bool> LoadAsync(ImmutableDictionary<string, HeldFile> legacy)
    {
        await Task.WhenAll(_buckets.Select(b => b.ReadStateAsync()));
        var rows = ImmutableDictionary.CreateBuilder<string, HeldFile>(StringComparer.Ordinal);
        foreach (var bucket in _buckets)
        {
            rows.AddRange(bucket.State.Rows);
        }

        var moved = legacy.Where(row => !rows.ContainsKey(row.Key)).ToList();
        foreach (var (key, row) in moved)
        {
            var bucket = _buckets[BucketOf(key)];
            bucket.State.Rows = bucket.State.Rows.SetItem(key, row);
            rows[key] = row;
        }

        Rows = rows.ToImmutable();
        await Task.WhenAll(moved.Select(row => BucketOf(row.Key)).Distinct().Select(i => _writers[i].WriteAsync()));
        return !legacy.IsEmpty;
    }

    public Task SetAsync(HeldFile row)
    {
        var key = row.File.Key;
        var bucket = _buckets[BucketOf(key)];
        bucket.State.Rows = bucket.State.Rows.SetItem(key, row);
        Rows = Rows.SetItem(key, row);
        return _writers[BucketOf(key)].WriteAsync();
    }

    public Task RemoveAsync(string key)
    {
        var bucket = _buckets[BucketOf(key)];
        if (!bucket.State.Rows.ContainsKey(key))
        {
            return Task.CompletedTask;
        }

        bucket.State.Rows = bucket.State.Rows.Remove(key);
        Rows = Rows.Remove(key);
        return _writers[BucketOf(key)].WriteAsync();
    }
}

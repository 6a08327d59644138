using Orleans.Storage;

namespace OrleansP2P.Storage;

/// <summary>
/// The state of one bucket of a <see cref="BucketedRows{TRow}"/> table. Its serialized form is the same as that of
/// the peer table's first bucket type (<c>PeerTableBucket</c>, one field of the same id and type), so buckets
/// stored by that one read as this (<c>PeerTableTests</c>).
/// </summary>
[GenerateSerializer, Alias("OrleansP2P.RowBucket`1")]
public sealed class RowBucket<TRow>
{
    [Id(0)] public ImmutableDictionary<string, TRow> Rows { get; set; } = ImmutableDictionary<string, TRow>.Empty;
}

/// <summary>
/// A grain's key → row table stored as a fixed number of small states, one per bucket, so a change writes the
/// bucket it touched instead of every row: a state written whole per change costs O(rows) per change, and tables
/// that grow with the network (a peer's files, a tracker shard's files) made every change slower as it grew
/// (docs/benchmarks.md, soak). All rows are read at activation. Rows an earlier version kept in one state are moved
/// in by <see cref="LoadAsync"/>: buckets are written first, so a crash midway moves them again, and a bucket's row
/// wins over the old copy. Each bucket has its own <see cref="SerialStateWriter{TState}"/>, so a reentrant grain
/// may change rows while a write runs.
/// </summary>
internal sealed class BucketedRows<TRow>
{
    private readonly StoredState<RowBucket<TRow>>[] _buckets;
    private readonly SerialStateWriter<RowBucket<TRow>>[] _writers;
    private readonly Func<string, int> _bucketOf;

    /// <param name="stateNames">Each bucket's state name, in bucket order.</param>
    /// <param name="bucketOf">The bucket of a key: stable across processes and versions, below <c>stateNames.Count</c>.</param>
    public BucketedRows(IGrainStorage storage, GrainId grain, IReadOnlyList<string> stateNames, Func<string, int> bucketOf)
    {
        _buckets = [.. stateNames.Select(name => new StoredState<RowBucket<TRow>>(storage, name, grain))];
        _writers = [.. _buckets.Select(b => new SerialStateWriter<RowBucket<TRow>>(b))];
        _bucketOf = bucketOf;
    }

    /// <summary>Every row, kept in memory beside the buckets.</summary>
    public ImmutableDictionary<string, TRow> Rows { get; private set; } = ImmutableDictionary<string, TRow>.Empty;

    /// <summary>Reads every bucket, and moves the rows of <paramref name="legacy"/> (the old one-state table) into them; true if it had any.</summary>
    public async Task<bool> LoadAsync(ImmutableDictionary<string, TRow> legacy)
    {
        await Task.WhenAll(_buckets.Select(b => b.ReadStateAsync()));
        var rows = ImmutableDictionary.CreateBuilder<string, TRow>(StringComparer.Ordinal);
        foreach (var bucket in _buckets)
        {
            rows.AddRange(bucket.State.Rows);
        }

        var moved = legacy.Where(row => !rows.ContainsKey(row.Key)).ToList();
        foreach (var (key, row) in moved)
        {
            var bucket = _buckets[_bucketOf(key)];
            bucket.State.Rows = bucket.State.Rows.SetItem(key, row);
            rows[key] = row;
        }

        Rows = rows.ToImmutable();
        await Task.WhenAll(moved.Select(row => _bucketOf(row.Key)).Distinct().Select(i => _writers[i].WriteAsync()));
        return !legacy.IsEmpty;
    }

    public Task SetAsync(string key, TRow row) => ChangeAsync([KeyValuePair.Create(key, row)], []);

    public Task RemoveAsync(string key) => ChangeAsync([], [key]);

    /// <summary>Sets and removes rows, then writes each bucket that changed, once.</summary>
    public Task ChangeAsync(IEnumerable<KeyValuePair<string, TRow>> set, IEnumerable<string> removed)
    {
        var touched = new HashSet<int>();
        foreach (var (key, row) in set)
        {
            var i = _bucketOf(key);
            _buckets[i].State.Rows = _buckets[i].State.Rows.SetItem(key, row);
            Rows = Rows.SetItem(key, row);
            touched.Add(i);
        }

        foreach (var key in removed)
        {
            var i = _bucketOf(key);
            if (_buckets[i].State.Rows.ContainsKey(key))
            {
                _buckets[i].State.Rows = _buckets[i].State.Rows.Remove(key);
                Rows = Rows.Remove(key);
                touched.Add(i);
            }
        }

        return touched.Count switch
        {
            0 => Task.CompletedTask,
            1 => _writers[touched.First()].WriteAsync(),
            _ => Task.WhenAll(touched.Select(i => _writers[i].WriteAsync())),
        };
    }
}

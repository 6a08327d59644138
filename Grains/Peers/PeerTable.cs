using Orleans.Storage;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>
/// A peer's key → file table, stored as <see cref="Buckets"/> small states (<c>peer-table-00</c> … <c>-1f</c>) by a
/// stable hash of the key (<see cref="BucketedRows{TRow}"/>), so a change writes the one bucket it touched,
/// not every row the peer holds: in the soak a peer holds hundreds of files, and the whole table written per save,
/// download and update made every change slower as the network grew (docs/benchmarks.md). Rows an earlier version
/// kept in <see cref="PeerState.Table"/> are moved in once, at activation.
/// </summary>
internal sealed class PeerTable(IGrainStorage storage, GrainId peer)
{
    public const int Buckets = 32;

    private static readonly string[] StateNames = [.. Enumerable.Range(0, Buckets).Select(StateName)];

    private readonly BucketedRows<HeldFile> _rows = new(storage, peer, StateNames, BucketOf);

    /// <summary>Every row, kept in memory beside the buckets.</summary>
    public ImmutableDictionary<string, HeldFile> Rows => _rows.Rows;

    public static string StateName(int bucket) => $"peer-table-{bucket:x2}";

    /// <summary>The bucket of <paramref name="key"/>: FNV-1a over its characters, the same in every process.</summary>
    public static int BucketOf(string key) => (int)(Fnv1a.Of(key) % Buckets);

    /// <summary>Reads every bucket, and moves the rows of <paramref name="legacy"/> (the old one-state table) into them; true if it moved any.</summary>
    public Task<bool> LoadAsync(ImmutableDictionary<string, HeldFile> legacy) => _rows.LoadAsync(legacy);

    public Task SetAsync(HeldFile row) => _rows.SetAsync(row.File.Key, row);

    public Task RemoveAsync(string key) => _rows.RemoveAsync(key);
}

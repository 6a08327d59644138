using OrleansP2P.Peers;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// A peer's table in buckets: a change writes the one bucket it touched, however many files the peer holds, and
/// every row comes back at the next activation, the rows of the old one-state table included.
/// </summary>
public sealed class PeerTableTests
{
    private static readonly GrainId Peer = GrainId.Create("peer", "main/user1");

    private static HeldFile Row(string name, long version = 1) =>
        new(new FileDescriptor(FileKey.Compute(name), name, version, "sha", 10), name, new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc));

    private static ImmutableDictionary<string, HeldFile> Rows(int count) =>
        Enumerable.Range(0, count).Select(i => Row($"File{i}.txt")).ToImmutableDictionary(r => r.File.Key, StringComparer.Ordinal);

    [Fact]
    public async Task A_change_to_one_of_a_thousand_rows_writes_one_small_bucket()
    {
        var store = new RecordingGrainStorage();
        var table = new PeerTable(store, Peer);
        await table.LoadAsync(Rows(1_000));
        store.Written.Clear();

        await table.SetAsync(Row("New.txt"));

        var written = Assert.Single(store.Written);
        Assert.Equal(PeerTable.StateName(PeerTable.BucketOf(FileKey.Compute("New.txt"))), written.Name);
        Assert.InRange(((RowBucket<HeldFile>)written.State).Rows.Count, 1, 100);
        Assert.Equal(1_001, table.Rows.Count);
    }

    [Fact]
    public async Task Rows_set_and_removed_come_back_at_the_next_activation()
    {
        var store = new RecordingGrainStorage();
        var table = new PeerTable(store, Peer);
        await table.LoadAsync(ImmutableDictionary<string, HeldFile>.Empty);
        await table.SetAsync(Row("File1.txt"));
        await table.SetAsync(Row("File3.txt"));
        await table.SetAsync(Row("File3.txt", version: 2));
        await table.RemoveAsync(FileKey.Compute("File1.txt"));

        var again = new PeerTable(store, Peer);
        Assert.False(await again.LoadAsync(ImmutableDictionary<string, HeldFile>.Empty));

        var row = Assert.Single(again.Rows.Values);
        Assert.Equal(("File3.txt", 2L), (row.File.Name, row.File.Version));
    }

    [Fact]
    public async Task The_old_one_state_table_moves_into_the_buckets_and_a_buckets_row_wins()
    {
        var store = new RecordingGrainStorage();
        var first = new PeerTable(store, Peer);
        await first.LoadAsync(ImmutableDictionary<string, HeldFile>.Empty);
        await first.SetAsync(Row("File3.txt", version: 5));

        var legacy = Rows(10).SetItem(FileKey.Compute("File3.txt"), Row("File3.txt", version: 4));
        var table = new PeerTable(store, Peer);
        Assert.True(await table.LoadAsync(legacy));

        var again = new PeerTable(store, Peer);
        await again.LoadAsync(ImmutableDictionary<string, HeldFile>.Empty);
        Assert.Equal(10, again.Rows.Count);
        Assert.Equal(5, again.Rows[FileKey.Compute("File3.txt")].File.Version);
    }

    [Fact]
    public void A_keys_bucket_is_the_same_in_every_process_and_keys_spread_over_every_bucket()
    {
        Assert.Equal(PeerTable.BucketOf("b614669ffdf7d634"), PeerTable.BucketOf("b614669ffdf7d634"));
        Assert.Equal(PeerTable.Buckets, Rows(1_000).Keys.Select(PeerTable.BucketOf).Distinct().Count());
    }

    [Fact]
    public async Task A_bucket_stored_by_the_first_bucketed_version_reads_back()
    {
        // A PeerTableBucket holding one row ("k1" → a.txt v3), as that version serialized it.
        var storage = new RecordingGrainStorage();
        storage.Put("peer-table-00", Peer, Convert.FromHexString(
            "202020010341056B3120E820E8C00B410B612E747874010D41077368610129C101C101E0C1138100E09F9E5954DF48E0E0C101E0E0"));

        var table = new PeerTable(storage, Peer);
        await table.LoadAsync(ImmutableDictionary<string, HeldFile>.Empty);

        var row = Assert.Single(table.Rows);
        Assert.Equal(("k1", "a.txt", 3L), (row.Key, row.Value.File.Name, row.Value.File.Version));
    }
}

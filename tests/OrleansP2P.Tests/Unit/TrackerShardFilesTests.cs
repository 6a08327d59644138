using System.Globalization;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// A tracker shard's files in buckets: a change writes the bucket of the file it names, however many files the
/// shard holds, and a shard stored in the old layout (every file in the shard's own state) comes back whole.
/// </summary>
public sealed class TrackerShardFilesTests
{
    private const int Shard = 3;
    private static readonly GrainId Grain = GrainId.Create("trackershard", "main/03");

    /// <summary>File keys that land in shard 3, as the tracker would send it.</summary>
    private static readonly string[] Keys = [.. Enumerable.Range(0, 100_000)
        .Select(i => FileKey.Compute(string.Create(CultureInfo.InvariantCulture, $"File{i}.txt")))
        .Where(k => TrackerShards.IndexOf(k) == Shard)
        .Take(500)];

    private static FileLocation Location(string key, long version = 1) =>
        new(key, $"{key}.txt", version, "sha", 10, ["user1", "user2"], []);

    private static async Task<(TrackerShardFiles Files, StoredState<TrackerShard> Shard)> ActivateAsync(RecordingGrainStorage store)
    {
        var shard = new StoredState<TrackerShard>(store, "shard", Grain);
        await shard.ReadStateAsync();
        var files = new TrackerShardFiles(shard, store, Grain);
        await files.ActivateAsync();
        return (files, shard);
    }

    [Fact]
    public async Task A_shard_in_the_old_layout_moves_every_file_into_its_buckets_at_activation()
    {
        var store = new RecordingGrainStorage();
        var old = new StoredState<TrackerShard>(store, "shard", Grain);
        old.State.Files = Keys.ToImmutableDictionary(k => k, k => Location(k));
        old.State.Peers = ["user1", "user2"];
        old.State.Online = ["user2"];
        await old.WriteStateAsync();

        await ActivateAsync(store);
        var (again, shard) = await ActivateAsync(store);

        var records = again.Records;
        Assert.Equal(Keys.Order(), records.Files.Keys.Order());
        Assert.All(Keys, k => Assert.Equal((k, 1L, "user1,user2"), (records.Files[k].Name[..^4], records.Files[k].Version, string.Join(",", records.Files[k].WholeHolders))));
        Assert.Equal(["user1", "user2"], records.Peers);
        Assert.Equal(["user2"], records.Online);
        Assert.Empty(shard.State.Files);
        Assert.Equal(TrackerShardFiles.Buckets, store.Written.Select(w => w.Name).Distinct().Count(n => n.StartsWith("shard-files-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_change_to_one_of_500_files_writes_its_bucket_and_a_peer_change_the_shards_own_state()
    {
        var store = new RecordingGrainStorage();
        var (files, _) = await ActivateAsync(store);
        await files.ApplyAsync(new TrackerShardChanges(Keys.ToImmutableDictionary(k => k, k => Location(k)), [], [], ImmutableDictionary<string, bool>.Empty));
        var whole = new StoredState<TrackerShard>(store, "whole", Grain);
        whole.State.Files = files.Records.Files;
        await whole.WriteStateAsync();
        var wholeBytes = store.Written[^1].Bytes;
        store.Written.Clear();

        var changed = Keys[42];
        await files.ApplyAsync(new TrackerShardChanges(ImmutableDictionary<string, FileLocation>.Empty.Add(changed, Location(changed, 2)), [], [], ImmutableDictionary<string, bool>.Empty));
        var written = Assert.Single(store.Written);
        Assert.Equal(TrackerShardFiles.StateName(TrackerShardFiles.BucketOf(changed)), written.Name);
        Assert.InRange(((RowBucket<FileLocation>)written.State).Rows.Count, 1, 60);
        Assert.True(written.Bytes * 8 < wholeBytes, $"a bucket's write took {written.Bytes} bytes, the whole shard {wholeBytes}");

        store.Written.Clear();
        await files.ApplyAsync(new TrackerShardChanges(ImmutableDictionary<string, FileLocation>.Empty, [Keys[7]], [], ImmutableDictionary<string, bool>.Empty));
        Assert.Equal([TrackerShardFiles.StateName(TrackerShardFiles.BucketOf(Keys[7]))], store.Written.Select(w => w.Name));

        store.Written.Clear();
        await files.ApplyAsync(new TrackerShardChanges(ImmutableDictionary<string, FileLocation>.Empty, [], ["user9"], ImmutableDictionary<string, bool>.Empty.Add("user9", true)));
        Assert.Equal(["shard"], store.Written.Select(w => w.Name));

        var (again, _) = await ActivateAsync(store);
        Assert.Equal(499, again.Records.Files.Count);
        Assert.Equal(2, again.Records.Files[changed].Version);
        Assert.Equal(["user9"], again.Records.Online);
    }

    [Fact]
    public void The_files_of_one_shard_spread_over_every_bucket()
    {
        Assert.Equal(TrackerShardFiles.Buckets, Keys.Select(TrackerShardFiles.BucketOf).Distinct().Count());
    }
}

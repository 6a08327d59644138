using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;
using OrleansP2P.Tracker;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Durability;

/// <summary>A data root written by an earlier layout of the tracker loses nothing when it is opened.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LegacyTrackerStateTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_tracker_saved_in_one_record_keeps_its_peers_sessions_and_files_and_moves_them_once()
    {
        var network = "legacy" + Guid.NewGuid().ToString("N")[..8];
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
        var trackerId = fixture.Client.GetTracker(network).GetGrainId();
        var key = FileKey.Compute("File3.txt");
        var legacy = new TrackerState
        {
            LegacyPeers = ["user3", "user4"],
            LegacySessions = ImmutableDictionary<string, string>.Empty.Add("user3", "session-of-user3"),
            LegacyFiles = ImmutableDictionary<string, FileLocation>.Empty.Add(key, new FileLocation(key, "File3.txt", 2, null, 12, ["user3", "user4"], [])),
            Version = 7,
            UpdatedUtc = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
        };
        await storage.WriteStateAsync("tracker", trackerId, new GrainState<TrackerState>(legacy));

        var tracker = fixture.Client.GetTracker(network);
        Assert.Equal<PeerSummary>([new PeerSummary("user3", true), new PeerSummary("user4", false)], await tracker.ListPeersAsync());
        Assert.True(await tracker.IsOnlineAsync("user3"));
        var snapshot = await tracker.GetSnapshotAsync();
        Assert.Equal(7, snapshot.Version);
        Assert.Equal<string>(["user3", "user4"], Assert.Single(snapshot.Rows).Holders);

        // The table on disk is the stored version, even though nothing has changed since the restart.
        var onDisk = TrackerFile.Parse(File.ReadAllText(NetworkTrackerFile.PathIn(fixture.Folders.NetworkRoot(network))));
        Assert.Equal(7, onDisk.Version);

        var reread = new GrainState<TrackerState>(new TrackerState());
        await storage.ReadStateAsync("tracker", trackerId, reread);
        Assert.False(reread.State!.HasLegacyRecords);
        Assert.True(reread.State.InShardGrains);
        Assert.Equal(7, reread.State.Version);
    }

    [Fact]
    public async Task A_tracker_saved_with_its_64_shards_inside_the_grain_moves_them_into_shard_grains_once()
    {
        var network = "inshard" + Guid.NewGuid().ToString("N")[..8];
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
        var trackerId = fixture.Client.GetTracker(network).GetGrainId();
        var key = FileKey.Compute("File3.txt");
        var location = new FileLocation(key, "File3.txt", 2, null, 12, ["user3", "user4"], []);

        // The layout before shard grains: the tracker's own record holds the version, and records sit in states
        // "tracker-shard-xx" of the tracker grain, one of them still with a session id from before peers owned them.
        await storage.WriteStateAsync("tracker", trackerId, new GrainState<TrackerState>(new TrackerState
        {
            Version = 9,
            UpdatedUtc = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        }));
        var shards = new Dictionary<int, TrackerShard>();
        TrackerShard ShardOf(string name) =>
            shards.TryGetValue(TrackerShards.IndexOf(name), out var s) ? s : shards[TrackerShards.IndexOf(name)] = new TrackerShard();
        foreach (var peer in new[] { "user3", "user4" })
        {
            ShardOf(peer).Peers = ShardOf(peer).Peers.Add(peer);
        }

        ShardOf("user4").LegacySessions = ImmutableDictionary<string, string>.Empty.Add("user4", "session-of-user4");
        ShardOf(key).Files = ShardOf(key).Files.Add(key, location);
        foreach (var (index, shard) in shards)
        {
            await storage.WriteStateAsync(TrackerMigration.InGrainStateName(index), trackerId, new GrainState<TrackerShard>(shard));
        }

        var tracker = fixture.Client.GetTracker(network);
        Assert.Equal<PeerSummary>([new PeerSummary("user3", false), new PeerSummary("user4", true)], await tracker.ListPeersAsync());
        var snapshot = await tracker.GetSnapshotAsync();
        Assert.Equal(9, snapshot.Version);
        Assert.Equal<string>(["user3", "user4"], Assert.Single(snapshot.Rows).Holders);

        // Each record now lives in the shard grain it hashes to, and the tracker's old states are gone.
        var fileShard = await fixture.Client.GetTrackerShard(network, TrackerShards.IndexOf(key)).LoadAsync();
        Assert.Equal<string>(["user3", "user4"], fileShard.Files[key].WholeHolders);
        var user4Shard = await fixture.Client.GetTrackerShard(network, TrackerShards.IndexOf("user4")).LoadAsync();
        Assert.Contains("user4", user4Shard.Peers);
        Assert.Contains("user4", user4Shard.Online);
        foreach (var index in shards.Keys)
        {
            var old = new GrainState<TrackerShard>(new TrackerShard());
            await storage.ReadStateAsync(TrackerMigration.InGrainStateName(index), trackerId, old);
            Assert.True(!old.RecordExists || (old.State!.Files.IsEmpty && old.State.Peers.IsEmpty), $"tracker-shard-{index:x2} was not cleared");
        }

        var reread = new GrainState<TrackerState>(new TrackerState());
        await storage.ReadStateAsync("tracker", trackerId, reread);
        Assert.True(reread.State!.InShardGrains);
        Assert.Equal(9, reread.State.Version);
    }

    [Fact]
    public async Task A_shard_grain_saved_with_its_files_in_its_own_state_moves_them_into_buckets_once()
    {
        var network = "shardfiles" + Guid.NewGuid().ToString("N")[..8];
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
        await storage.WriteStateAsync("tracker", fixture.Client.GetTracker(network).GetGrainId(), new GrainState<TrackerState>(new TrackerState
        {
            Version = 4,
            InShardGrains = true,
        }));

        // The layout before buckets: each shard grain's one state "shard" held every file of its shard.
        var names = Enumerable.Range(0, 200).Select(i => $"File{i}.txt").ToList();
        var shards = names.GroupBy(n => TrackerShards.IndexOf(FileKey.Compute(n)));
        foreach (var shard in shards)
        {
            var state = new TrackerShard
            {
                Files = shard.ToImmutableDictionary(FileKey.Compute, n => new FileLocation(FileKey.Compute(n), n, 1, null, 12, ["user3"], [])),
            };
            await storage.WriteStateAsync("shard", fixture.Client.GetTrackerShard(network, shard.Key).GetGrainId(), new GrainState<TrackerShard>(state));
        }

        var snapshot = await fixture.Client.GetTracker(network).GetSnapshotAsync();
        Assert.Equal(names.Order(), snapshot.Rows.Select(r => r.Name).Order());

        foreach (var shard in shards)
        {
            var reread = new GrainState<TrackerShard>(new TrackerShard());
            await storage.ReadStateAsync("shard", fixture.Client.GetTrackerShard(network, shard.Key).GetGrainId(), reread);
            Assert.Empty(reread.State!.Files);
        }
    }
}

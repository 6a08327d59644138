using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;
using OrleansP2P.Tracker;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Durability;

/// <summary>A data root written before the tracker split its records into shards loses nothing when it is opened.</summary>
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
        Assert.Equal(7, reread.State.Version);
    }
}

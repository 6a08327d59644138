using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>A silo of a three-silo cluster dies in the middle of the spec's story; the story completes on the others.</summary>
public sealed class SiloFailureTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(_dataRoot, 3);

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [Fact]
    public async Task The_story_completes_when_a_silo_is_killed_midway_and_every_folder_agrees()
    {
        var folders = _cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
        var net = await SpecNetwork.SeedAsync(_cluster.Client, folders, "failover");
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        // Kill a silo that is not the one the test client talks through; its grains (some of this story's
        // peers and files among them) reactivate elsewhere from the embedded store.
        await _cluster.KillSiloAsync(_cluster.Silos[^1]);

        var saved = await TestClusters.RetryAsync(() => net.SaveTextAsync("user4", "File3.txt", "edited after a silo died\n", 1));
        Assert.Equal(P2PStatus.Ok, saved.Status);
        await TestClusters.RetryAsync(() => net.LogInAsync("user1"));
        var assembled = await TestClusters.RetryAsync(() => net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt")));
        Assert.Equal(P2PStatus.Ok, assembled.Status);

        Assert.Equal("edited after a silo died\n", net.ReadText("user3", "File3.txt"));
        Assert.Equal("edited after a silo died\n", net.ReadText("user4", "File3.txt"));
        Assert.Equal(DemoNetwork.File2, net.ReadText("user1", "File2.txt"));
        var latest = (await net.Tracker.GetSnapshotAsync()).Version;
        foreach (var user in DemoNetwork.Users)
        {
            Assert.Equal(latest, net.TrackerTxtOf(user).Version);
            Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user3,user4", net.RowOf(user, "File3.txt"));
            Assert.Equal($"{FileKey.Compute("File2.txt")} File2.txt full user1", net.RowOf(user, "File2.txt"));
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Cluster;

/// <summary>
/// How Tracker.txt sits in the folders: by default a link to the network's one table, which the tracker
/// replaces once a round; with <c>P2P:TrackerFiles = PerVersion</c> a file of each folder's own, pushed to each.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TrackerFileModeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task By_default_every_folder_online_or_not_follows_the_network_table()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        var shared = fixture.Folders.NetworkRoot(net.Name);
        foreach (var user in DemoNetwork.Users)
        {
            Assert.True(NetworkTrackerFile.IsFollowedBy(new PeerFolder(net.FolderOf(user)), shared), $"{user}'s Tracker.txt is not a link to the network's table");
            Assert.Equal("user3,user4", net.RowOf(user, "File3.txt")!.Split(' ')[^1]);
        }

        // A Tracker.txt deleted by hand comes back at the peer's next rescan.
        File.Delete(net.PathIn("user1", FileNames.TrackerFileName));
        await net.LogInAsync("user1");
        File.Delete(net.PathIn("user1", FileNames.TrackerFileName));
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").RescanAsync()).Status);
        Assert.Equal("user3,user4", net.RowOf("user1", "File3.txt")!.Split(' ')[^1]);
    }

    // A host keeps the table between rounds and gets only each round's changes; one that lost its table must not
    // write those changes onto nothing (or skip them): it fetches the whole table from the tracker first.
    [Fact]
    public async Task A_host_whose_table_was_lost_writes_the_whole_current_table_at_the_next_round()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        var hosts = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<LiveHosts>().SilosByHost().Keys;
        foreach (var host in hosts)
        {
            await fixture.Client.GetGrain<IHostTrackerGrain>(HomeHostPlacement.KeyOn(host, net.Name)).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }

        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        var tracker = await net.Grains.GetTracker(net.Name).GetSnapshotAsync();
        foreach (var user in DemoNetwork.Users)
        {
            Assert.Equal("user3,user4", net.RowOf(user, "File3.txt")!.Split(' ')[^1]);
            Assert.Equal(TrackerFile.Render(tracker), File.ReadAllText(net.PathIn(user, FileNames.TrackerFileName)));
        }
    }
}

/// <summary>The same story with a file per folder: for folders read where links do not resolve.</summary>
public sealed class PerVersionTrackerFileTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.StartAsync(_dataRoot, 2, new Dictionary<string, string?> { ["P2P:TrackerFiles"] = "PerVersion" });

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [Fact]
    public async Task User4_downloads_File3_and_every_folder_holds_its_own_current_TrackerTxt()
    {
        var folders = _cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
        var net = await SpecNetwork.SeedAsync(_cluster.Client, folders, "perversion");
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        foreach (var user in DemoNetwork.Users)
        {
            Assert.Null(new FileInfo(net.PathIn(user, FileNames.TrackerFileName)).LinkTarget);
            Assert.Equal("user3,user4", net.RowOf(user, "File3.txt")!.Split(' ')[^1]);
        }

        Assert.False(File.Exists(NetworkTrackerFile.PathIn(folders.NetworkRoot(net.Name))));
    }
}

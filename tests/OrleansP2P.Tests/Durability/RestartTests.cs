using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// The embedded store (SQLite under the data root) across restarts: a cluster runs part of the story, is
/// shut down, and a new cluster on the same data root carries on where it stopped.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private InProcessTestCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopAsync();
        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [Fact]
    public async Task Logins_tracker_rows_versions_and_holders_survive_a_restart()
    {
        var net = await StartAndSeedAsync();
        await net.LogInAsync("user4");
        await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "File3.txt", "version 2 by user4\n", 1)).Status);
        var before = await net.Tracker.GetSnapshotAsync();

        await StopAsync();
        net = await RestartAsync(net.Name);

        var after = await net.Tracker.GetSnapshotAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Rows.Select(Describe), after.Rows.Select(Describe));
        Assert.True(await net.Tracker.IsOnlineAsync("user4"));
        Assert.Equal(P2PStatus.Unauthorized, (await net.LogInAsync("user4", "wrong-password")).Status);
        Assert.Equal(P2PStatus.Ok, (await net.LogInAsync("user3")).Status);
        Assert.Equal(2, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt")).LocateAsync()).Location!;
        Assert.Equal(2, location.Version);
        Assert.Equal<string>(["user3", "user4"], location.WholeHolders);

        // The story goes on: user3 edits version 2 and user4's copy follows.
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user3", "File3.txt", "version 3 by user3\n", 2)).Status);
        Assert.Equal("version 3 by user3\n", net.ReadText("user4", "File3.txt"));
    }

    [Fact]
    public async Task An_update_cut_short_by_a_crash_reaches_every_holder_after_restart()
    {
        // No timer retry within the test: only the restart can finish the delivery.
        var net = await StartAndSeedAsync(new() { ["P2P:DeliveryRetryInterval"] = "01:00:00" });
        await net.LogInAsync("user4");
        await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));

        // user3's folder cannot take a new file right now: its work area is blocked by a plain file.
        var work = Path.Combine(net.FolderOf("user3"), ".p2p");
        var marker = File.ReadAllText(Path.Combine(work, "folder-id"));
        Directory.Delete(work, recursive: true);
        File.WriteAllText(work, "blocked");

        var saved = await net.SaveTextAsync("user4", "File3.txt", "version 2, delivered late\n", 1);
        Assert.Equal(P2PStatus.Ok, saved.Status);
        Assert.Equal(0, saved.HoldersUpdated);
        Assert.Contains("1 more will get it", saved.Reason);
        Assert.Equal(Hosting.DemoNetwork.File3, net.ReadText("user3", "File3.txt"));

        // The process dies with the delivery still pending; the folder is repaired meanwhile.
        await StopAsync();
        File.Delete(work);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "folder-id"), marker);
        net = await RestartAsync(net.Name);

        await TestClusters.WaitUntilAsync(
            () => Task.FromResult(net.ReadText("user3", "File3.txt") == "version 2, delivered late\n"),
            TimeSpan.FromSeconds(60),
            "user3's File3.txt has version 2");
        Assert.Equal(2, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        Assert.Equal("version 2, delivered late\n", net.ReadText("user4", "File3.txt"));

        // A late duplicate of the old delivery never takes anyone back.
        var v1 = new VersionUpdate(FileKey.Compute("File3.txt"), "File3.txt", 1, new string('0', 64), 1, "user4");
        Assert.Equal(2, (await net.Server("user3").ApplyUpdateAsync(v1)).Stored!.Version);
        Assert.Equal("version 2, delivered late\n", net.ReadText("user3", "File3.txt"));
    }

    [Fact]
    public async Task A_second_start_on_the_same_database_finds_the_schema_in_place()
    {
        var first = await StartAndSeedAsync();
        await StopAsync();
        var second = await RestartAsync(first.Name);
        Assert.Equal(P2PStatus.Ok, (await second.LogInAsync("user1")).Status);
        await StopAsync();
        var third = await RestartAsync(first.Name);

        Assert.Equal(4, (await third.Tracker.ListPeersAsync()).Length);
        Assert.True(await third.Tracker.IsOnlineAsync("user1"));
        Assert.True(File.Exists(Path.Combine(_dataRoot, "orleansp2p.db")));
    }

    private static string Describe(TrackerRow row) => $"{row.Key} {row.Name} {row.Layout} {string.Join(',', row.Holders)}";

    private async Task<SpecNetwork> StartAndSeedAsync(Dictionary<string, string?>? overrides = null)
    {
        _overrides = overrides;
        _cluster = await TestClusters.StartAsync(_dataRoot, 2, overrides);
        return await SpecNetwork.SeedAsync(_cluster.Client, Folders(_cluster), "restart");
    }

    private Dictionary<string, string?>? _overrides;

    private async Task<SpecNetwork> RestartAsync(string network)
    {
        _cluster = await TestClusters.StartAsync(_dataRoot, 2, _overrides);
        return SpecNetwork.Attach(_cluster.Client, Folders(_cluster), network);
    }

    private async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }

    private static PeerFolders Folders(InProcessTestCluster cluster) => cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
}

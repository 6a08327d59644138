using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Sync;

/// <summary>
/// The peer's record against its disk, one host, no watcher (so an update reliably arrives before the folder's edit
/// is seen): an update never overwrites an edit it has not seen, and a copy merely behind is never published.
/// </summary>
public sealed class BehindOrEditedTests : IAsyncLifetime
{
    private readonly string _root = TestClusters.NewDataRoot();

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.StartAsync(_root, 1, new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false" });

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(_root);
    }

    private Task<SpecNetwork> SeedAsync() =>
        SpecNetwork.SeedAsync(_cluster.Client, _cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>(), "t" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task An_update_reaching_user3_reachable_but_not_signed_in_keeps_its_unpublished_edit_as_a_conflict_copy()
    {
        var net = await SeedAsync();
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        File.WriteAllText(net.PathIn("user3", "File3.txt"), "user3's edit, not yet published\n");

        var saved = await net.SaveTextAsync("user4", "File3.txt", "user4's version 2\n", 1);

        Assert.Equal(P2PStatus.Ok, saved.Status);
        Assert.Equal("user4's version 2\n", net.ReadText("user3", "File3.txt"));
        var copy = HostConflictTests.ConflictCopyIn(net.FolderOf("user3"), "File3.txt");
        Assert.NotNull(copy);
        Assert.Equal("user3's edit, not yet published\n", net.ReadText("user3", copy));
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.RowOf("user1", copy) is not null),
            TimeSpan.FromSeconds(30), "user1's Tracker.txt lists the conflict copy");
        Assert.EndsWith(" user3", net.RowOf("user1", copy));
    }

    [Fact]
    public async Task An_edit_in_the_folder_based_on_the_current_version_is_published_on_rescan()
    {
        var net = await SeedAsync();
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        File.WriteAllText(net.PathIn("user3", "File3.txt"), "user3 rewrote it\n");

        var scan = await net.Peer("user3").RescanAsync();

        Assert.Equal<string>(["File3.txt"], scan.Published);
        Assert.Empty(scan.Conflicts);
        Assert.Equal("user3 rewrote it\n", net.ReadText("user4", "File3.txt"));
    }

    [Fact]
    public async Task A_copy_of_an_older_version_with_no_record_catches_up_and_is_never_published_as_an_edit()
    {
        var net = await SeedAsync();
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        var version1 = File.ReadAllBytes(net.PathIn("user3", "File3.txt"));
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "File3.txt", "version 2\n", 1)).Status);

        // user1 never had File3.txt: version 1's bytes appear in its folder (restored from a backup, say).
        File.WriteAllBytes(net.PathIn("user1", "File3.txt"), version1);
        var scan = await net.Peer("user1").RescanAsync();

        Assert.Empty(scan.Published);
        Assert.Empty(scan.Conflicts);
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.ReadText("user1", "File3.txt") == "version 2\n"),
            TimeSpan.FromSeconds(30), "user1's old copy catches up to version 2");
        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt")).LocateAsync()).Location!;
        Assert.Equal(2, location.Version);
        Assert.Equal("version 2\n", net.ReadText("user3", "File3.txt"));
        Assert.Null(HostConflictTests.ConflictCopyIn(net.FolderOf("user1"), "File3.txt"));
    }

    [Fact]
    public async Task A_rescan_finding_an_edit_based_on_an_old_version_keeps_it_as_a_conflict_copy_and_takes_the_current_one()
    {
        var net = await SeedAsync();
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        // user1 has no record of File3.txt, and its folder gets a File3.txt the network never had: an edit of unknown base.
        File.WriteAllText(net.PathIn("user1", "File3.txt"), "user1's own File3, never published\n");
        var scan = await net.Peer("user1").RescanAsync();

        var copy = Assert.Single(scan.Conflicts);
        Assert.Equal("user1's own File3, never published\n", net.ReadText("user1", copy));
        Assert.Equal(DemoNetwork.File3, net.ReadText("user1", "File3.txt"));
        Assert.Contains(scan.Held, f => f.Name == copy);
        Assert.Contains(scan.Held, f => f.Name == "File3.txt" && f.Version == 1);
    }
}

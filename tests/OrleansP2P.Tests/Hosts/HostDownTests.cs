using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Hosts;

/// <summary>Host B (user3's) dies and comes back; then host A dies. Checked on each host's disk.</summary>
public sealed class HostDownTests : IAsyncLifetime
{
    /// <summary>The bound: a dead host's peers answer 503 within 10 s (membership probes are short in the test cluster).</summary>
    private static readonly TimeSpan OfflineBound = TimeSpan.FromSeconds(10);

    private HostCluster _hosts = null!;

    public async Task InitializeAsync() => _hosts = await HostCluster.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task A_host_that_dies_takes_only_its_peers_offline_and_nothing_of_theirs_is_lost()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        await _hosts.KillAsync("B");

        // user3 answers "offline: host B is down" within the bound.
        string? refusal = null;
        await TestClusters.WaitUntilAsync(async () =>
        {
            try
            {
                await net.Peer("user3").ListFilesAsync();
                return false;
            }
            catch (HostUnavailableException exception)
            {
                refusal = exception.Message;
                return true;
            }
            catch (Exception exception) when (Offline.IsOffline(exception))
            {
                return false;
            }
        }, OfflineBound, "user3 is refused as offline with its host named");
        Assert.Equal("user3 is offline: host B is down.", refusal);

        // Part 2 of File2.txt is only at user3: 404, naming user3 as offline. File3.txt is at user4 too: it downloads.
        var onlyAtUser3 = await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"));
        Assert.Equal(P2PStatus.NotFound, onlyAtUser3.Status);
        Assert.Contains("user3 is offline: host B is down", onlyAtUser3.Reason);
        Assert.False(File.Exists(Path.Combine(net.FolderOf("user1"), "File2.txt")));
        var alsoAtUser4 = await net.Peer("user1").DownloadAsync(new DownloadRequest("File3.txt"));
        Assert.Equal(P2PStatus.Ok, alsoAtUser4.Status);
        Assert.Equal<string>(["user4"], alsoAtUser4.ServedBy);

        // An update is acknowledged, with user3 pending and why.
        var saved = await net.SaveTextAsync("user4", "File3.txt", "edited while B was down\n", 1);
        net.AssertOnlyPending(saved, "user3", "host B is down", "File3.txt", DemoNetwork.File3);
        Assert.Equal("edited while B was down\n", net.ReadText("user1", "File3.txt"));

        // A new silo for host B: user3 gets the update (woken by the join, not by a timer).
        await _hosts.StartSiloOfAsync("B");
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.ReadText("user3", "File3.txt") == "edited while B was down\n"),
            TimeSpan.FromSeconds(30), "user3's File3.txt on host B has the update");
        // Host B caught up on the table at once: user3's Tracker.txt (on B's disk) shows the latest version.
        var latest = (await net.Tracker.GetSnapshotAsync()).Version;
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.TrackerTxtOf("user3").Version >= latest),
            TimeSpan.FromSeconds(10), "host B's Tracker.txt is current again");
        var user3Files = await net.Peer("user3").ListFilesAsync();
        Assert.Equal(saved.File!.Version, user3Files.Single(f => f.Name == "File3.txt").Version);

        // Nothing of user3's was withdrawn, and no folder of user3's appeared on A or C.
        var location = (await _hosts.Client.GetFile(net.Name, FileKey.Compute("File2.txt")).LocateAsync()).Location!;
        Assert.Contains("user3", location.Parts.Single(p => p.Part == new PartSpec(2, 2)).Holders);
        Assert.False(Directory.Exists(net.FolderOn("A", "user3")));
        Assert.False(Directory.Exists(net.FolderOn("C", "user3")));

        // Then A dies while B is back: no version goes backwards, anywhere.
        await _hosts.KillAsync("A");
        var file3 = _hosts.Client.GetFile(net.Name, FileKey.Compute("File3.txt"));
        await TestClusters.WaitUntilAsync(async () =>
        {
            try
            {
                return (await net.Peer("user3").RescanAsync()).Status == P2PStatus.Ok;
            }
            catch (Exception exception) when (Offline.IsOffline(exception))
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "user3 rescans with host A dead");
        Assert.Equal(saved.File.Version, (await TestClusters.RetryAsync(() => file3.LocateAsync())).Location!.Version);
        Assert.Equal("edited while B was down\n", net.ReadText("user3", "File3.txt"));
        Assert.Equal("edited while B was down\n", net.ReadText("user4", "File3.txt"));
        Assert.Empty(HostCluster.FolderViolations);
    }
}

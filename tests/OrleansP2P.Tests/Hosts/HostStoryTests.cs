using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Hosts;

/// <summary>The spec's story with its peers on three hosts that share no disk, checked on each host's disk.</summary>
public sealed class HostStoryTests : IAsyncLifetime
{
    private HostCluster _hosts = null!;

    public async Task InitializeAsync() => _hosts = await HostCluster.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task The_story_runs_across_three_hosts_and_every_folder_stays_on_its_host()
    {
        var net = await HostNetwork.SeedAsync(_hosts);

        // user4 (host C) downloads File3.txt from user3 (host B).
        var download = await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));
        Assert.Equal(P2PStatus.Ok, download.Status);
        Assert.Equal<string>(["user3"], download.ServedBy);
        Assert.Equal(DemoNetwork.File3, net.ReadText("user4", "File3.txt"));

        // user1 (host A) assembles File2.txt from user2 (A, part 1) and user3 (B, part 2).
        var assembled = await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"));
        Assert.Equal(P2PStatus.Ok, assembled.Status);
        Assert.Equal<string>(["user2", "user3"], assembled.ServedBy.Order(StringComparer.Ordinal));
        Assert.Equal(DemoNetwork.File2, net.ReadText("user1", "File2.txt"));

        // user4's update of File3.txt reaches user3 on B.
        var saved = await net.SaveTextAsync("user4", "File3.txt", "edited on host C\n", 1);
        Assert.Equal(P2PStatus.Ok, saved.Status);
        Assert.Equal(1, saved.HoldersUpdated);
        Assert.Empty(saved.HoldersPending);
        Assert.Equal("edited on host C\n", net.ReadText("user3", "File3.txt"));

        // Every peer's folder is on its home host only.
        foreach (var (user, home) in HostNetwork.HomeOf)
        {
            Assert.True(Directory.Exists(net.FolderOf(user)), $"{user}'s folder is on host {home}");
            foreach (var other in HostCluster.Hosts.Where(h => h != home))
            {
                Assert.False(Directory.Exists(net.FolderOn(other, user)), $"{user} has a folder on host {other}");
            }
        }

        // Every Tracker.txt on every host is current, each host's written in its own data root.
        var latest = await net.Tracker.GetSnapshotAsync();
        await TestClusters.WaitUntilAsync(() => Task.FromResult(HostNetwork.HomeOf.Keys.All(u => net.TrackerTxtOf(u).Version == latest.Version)),
            TimeSpan.FromSeconds(10), "every host's Tracker.txt shows the latest version");
        foreach (var user in HostNetwork.HomeOf.Keys)
        {
            Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user3,user4", RowOf(net, user, "File3.txt"));
        }

        foreach (var host in HostCluster.Hosts)
        {
            Assert.Equal(latest.Version, TrackerText.TrackerFile.Parse(File.ReadAllText(Path.Combine(_hosts.DataRootOf(host), "networks", net.Name, ".tracker", "Tracker.txt"))).Version);
        }

        Assert.Empty(HostCluster.FolderViolations);
    }

    [Fact]
    public async Task A_download_climbs_to_the_tracker_once_and_every_host_shows_it_when_the_call_returns()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        var climbs = _hosts.Faults.TrackerWaits;

        // user4 (host C) downloads File3.txt from user3 (host B): its file grain reports the new holder to the
        // tracker, and user4 waits for that version on host C, which the tracker tells after its round.
        var download = await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));
        Assert.Equal(P2PStatus.Ok, download.Status);

        // Nothing to wait for: when the call returns, every folder on every host lists user4 as a holder.
        foreach (var user in HostNetwork.HomeOf.Keys)
        {
            Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user3,user4", RowOf(net, user, "File3.txt"));
        }

        Assert.Equal(climbs, _hosts.Faults.TrackerWaits);
    }

    [Fact]
    public async Task Sign_up_refuses_an_unknown_host_with_400()
    {
        var net = new HostNetwork(_hosts, "h" + Guid.NewGuid().ToString("N")[..12]);
        var reply = await net.Tracker.SignUpAsync(new SignUpRequest("user9", "password9", Host: "Z"));
        Assert.Equal(P2PStatus.BadRequest, reply.Status);
        Assert.Contains("'Z'", reply.Reason);
    }

    [Fact]
    public async Task A_peer_runs_on_a_silo_of_its_home_host()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        foreach (var (user, home) in HostNetwork.HomeOf)
        {
            Assert.StartsWith(_hosts.DataRootOf(home) + Path.DirectorySeparatorChar, await net.Peer(user).GetFolderAsync());
        }

        var hosts = await _hosts.Client.GetHostRegistry().ListHostsAsync();
        Assert.Equal(["A", "B", "C"], hosts.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.All(hosts, h => Assert.True(h.Live));
    }

    internal static string? RowOf(HostNetwork net, string user, string name) =>
        net.TrackerTxtOf(user).Rows.Where(r => r.Name == name && r.Layout == "full")
            .Select(r => $"{r.Key} {r.Name} {r.Layout} {string.Join(',', r.Holders)}")
            .SingleOrDefault();
}

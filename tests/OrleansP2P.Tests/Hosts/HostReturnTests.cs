using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Peers;
using OrleansP2P.Protocol;
using OrleansP2P.Security;
using OrleansP2P.Tests.Cluster;
using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Hosts;

/// <summary>
/// What the lists say about peers as their hosts die and return; the registry's wake-up on its own; a frozen host
/// that must not stall a fan-out; and a peer from before hosts existed getting a home.
/// </summary>
public sealed class HostReturnTests : IAsyncLifetime
{
    private HostCluster _hosts = null!;

    // A frozen holder is given up on after 3 s (not the default minute), and tried again every second.
    public async Task InitializeAsync() => _hosts = await HostCluster.StartAsync(new Dictionary<string, string?>
    {
        ["P2P:DeliveryDeadline"] = "00:00:03",
        ["P2P:DeliveryRetryInterval"] = "00:00:01",
    });

    public async Task DisposeAsync()
    {
        _hosts.Faults.Thaw();
        await _hosts.DisposeAsync();
    }

    private IPresenceGrain Presence(HostNetwork net) => _hosts.Client.GetPresence(net.Name);

    /// <summary>A peer's host and states; its activity (last seen, served) is PeerActivityTests'.</summary>
    private async Task<PeerPresence> PresenceOfAsync(HostNetwork net, string user) =>
        (await Presence(net).ListPeersAsync()).Single(p => p.Username == user) with { Activity = PeerActivity.None };

    private Task<HoldersReply> HoldersOfAsync(HostNetwork net, string name) => _hosts.Client.GetFile(net.Name, FileKey.Compute(name)).ListHoldersAsync();

    [Fact]
    public async Task The_peer_list_shows_user3_offline_while_host_B_is_down_and_the_registry_alone_delivers_its_update_when_B_returns()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        Assert.Equal(P2PStatus.Created, (await net.Tracker.SignUpAsync(new SignUpRequest("user5", "password5", Host: "A"))).Status);
        Assert.Equal<PeerPresence>(
            [new("user1", "A", true, true), new("user2", "A", true, true), new("user3", "B", true, true), new("user4", "C", true, true), new("user5", "A", true, false)],
            (await Presence(net).ListPeersAsync()).Select(p => p with { Activity = PeerActivity.None }));

        // The silo start-up sweep is refused from here on: only the host registry's wake-up can deliver to user3.
        _hosts.Faults.RefuseStartupSweep = true;
        await _hosts.KillAsync("B");
        await TestClusters.WaitUntilAsync(async () => !(await PresenceOfAsync(net, "user3")).Reachable, TimeSpan.FromSeconds(10), "user3 is listed as unreachable");
        Assert.Equal(new PeerPresence("user3", "B", false, false), await PresenceOfAsync(net, "user3"));
        Assert.Equal(new PeerPresence("user4", "C", true, true), await PresenceOfAsync(net, "user4"));
        await TestClusters.WaitUntilAsync(async () =>
        {
            try
            {
                await net.Peer("user3").ListFilesAsync();
                return false;
            }
            catch (HostUnavailableException)
            {
                return true;
            }
            catch (Exception exception) when (Offline.IsOffline(exception))
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "user3 is refused as offline: host B is down");

        var saved = await net.SaveTextAsync("user4", "File3.txt", "edited while B was down\n", 1);
        net.AssertOnlyPending(saved, "user3", "host B is down", "File3.txt", DemoNetwork.File3);
        var lag = Assert.Single((await HoldersOfAsync(net, "File3.txt")).Lagging);
        Assert.Equal(("user3", true), (lag.Peer, lag.Tried));
        Assert.Contains("host B is down", lag.Reason);

        await _hosts.StartSiloOfAsync("B");
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.ReadText("user3", "File3.txt") == "edited while B was down\n"),
            TimeSpan.FromSeconds(30), "user3's File3.txt on host B has the update, woken by B's join");
        await TestClusters.WaitUntilAsync(async () => (await HoldersOfAsync(net, "File3.txt")).Lagging.IsEmpty, TimeSpan.FromSeconds(10), "no holder of File3.txt lags");
        // Its session was stored, so once reachable again user3 is signed in again.
        await TestClusters.WaitUntilAsync(async () => (await PresenceOfAsync(net, "user3")).Reachable, TimeSpan.FromSeconds(10), "user3 is reachable again");
        Assert.Equal(new PeerPresence("user3", "B", true, true), await PresenceOfAsync(net, "user3"));
    }

    [Fact]
    public async Task A_frozen_holder_is_left_pending_after_the_deadline_and_gets_the_update_when_it_thaws()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        // user3's host takes the delivery and never answers. Without a deadline the fan-out would wait ten minutes.
        _hosts.Faults.Freeze(GrainKeys.Peer(net.Name, "user3"));
        var saving = net.SaveTextAsync("user4", "File3.txt", "edited while B was frozen\n", 1);

        // While the fan-out waits for user3, the file's holders list it as being sent the version (a read interleaves).
        await TestClusters.WaitUntilAsync(async () => (await HoldersOfAsync(net, "File3.txt")).Lagging.Any(l => l is { Peer: "user3", Tried: false }),
            TimeSpan.FromSeconds(10), "user3 is listed as being sent the new version");
        Assert.False(saving.IsCompleted);
        var saved = await saving.WaitAsync(TimeSpan.FromSeconds(60));

        net.AssertOnlyPending(saved, "user3", "did not apply it within 3 s", "File3.txt", DemoNetwork.File3);
        Assert.Equal(("user3", true), Assert.Single((await HoldersOfAsync(net, "File3.txt")).Lagging) is var lag ? (lag.Peer, lag.Tried) : default);
        Assert.Equal("edited while B was frozen\n", net.ReadText("user1", "File3.txt"));

        _hosts.Faults.Thaw();
        await TestClusters.WaitUntilAsync(() => Task.FromResult(net.ReadText("user3", "File3.txt") == "edited while B was frozen\n"),
            TimeSpan.FromSeconds(30), "user3 applies the update once thawed");
        await TestClusters.WaitUntilAsync(async () => (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version == saved.File!.Version,
            TimeSpan.FromSeconds(30), "user3's record has the new version");
    }

    [Fact]
    public async Task A_peer_from_before_hosts_existed_is_homed_on_the_host_whose_disk_has_its_folder()
    {
        // A network written before homes were recorded: a tracker that lists old3, and old3's record and folder on B.
        var network = "legacy" + Guid.NewGuid().ToString("N")[..8];
        var net = new HostNetwork(_hosts, network);
        var folder = Path.Combine(_hosts.DataRootOf("B"), "networks", network, "peers", "old3");
        // As every folder made at sign-up: with its hidden work area, from before folder markers too.
        Directory.CreateDirectory(Path.Combine(folder, ".p2p"));
        File.WriteAllText(Path.Combine(folder, "Old.txt"), "kept on host B\n");
        var silo = _hosts.SiloOf("C").ServiceProvider;
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
        var peerState = new PeerState { PasswordHash = silo.GetRequiredService<PeerPasswords>().Hash("old3", "password3"), Folder = folder };
        await storage.WriteStateAsync("peer", _hosts.Client.GetPeer(network, "old3").GetGrainId(), new GrainState<PeerState>(peerState));
        await storage.WriteStateAsync("tracker", _hosts.Client.GetTracker(network).GetGrainId(), new GrainState<TrackerState>(new TrackerState { LegacyPeers = ["old3"] }));

        // A silo of host B starts (as after an upgrade) and finds old3's folder on its disk.
        await _hosts.StartSiloOfAsync("B");

        await TestClusters.WaitUntilAsync(async () => (await _hosts.Client.GetHostRegistry().ListHomesAsync(network)).GetValueOrDefault("old3") == "B",
            TimeSpan.FromSeconds(30), "old3's home is recorded as B");
        Assert.Equal(new PeerPresence("old3", "B", true, false), Assert.Single(await _hosts.Client.GetPresence(network).ListPeersAsync()));
        Assert.Equal(P2PStatus.Ok, (await _hosts.Client.LogInAsync(network, new LoginRequest("old3", "password3"))).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("old3").RescanAsync()).Status);
        Assert.Contains(await net.Peer("old3").ListFilesAsync(), f => f.Name == "Old.txt");
        Assert.False(Directory.Exists(Path.Combine(_hosts.DataRootOf("A"), "networks", network, "peers", "old3")));
        Assert.False(Directory.Exists(Path.Combine(_hosts.DataRootOf("C"), "networks", network, "peers", "old3")));
        Assert.Empty(HostCluster.FolderViolations);
    }
}

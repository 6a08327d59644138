using System.Text;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Hosts;

/// <summary>
/// The peer list's last seen and served counts on three hosts: a download counts for the peer that served it, a
/// sign-out is the last time a peer was seen, and a peer whose host goes down is listed neither reachable nor
/// signed in, with what the network last saw of it.
/// </summary>
public sealed class PeerActivityTests : IAsyncLifetime
{
    private HostCluster _hosts = null!;

    public async Task InitializeAsync() => _hosts = await HostCluster.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private async Task<PeerPresence> PresenceOfAsync(HostNetwork net, string user) =>
        (await _hosts.Client.GetPresence(net.Name).ListPeersAsync()).Single(p => p.Username == user);

    [Fact]
    public async Task Served_files_and_bytes_count_for_the_source_last_seen_is_the_sign_out_and_a_host_down_keeps_both()
    {
        var net = await HostNetwork.SeedAsync(_hosts);
        Assert.Equal(P2PStatus.Created, (await net.Tracker.SignUpAsync(new SignUpRequest("user5", "password5", Host: "A"))).Status);
        Assert.Equal(PeerActivity.None, (await PresenceOfAsync(net, "user5")).Activity);
        var session = (await _hosts.Client.LogInAsync(net.Name, new LoginRequest("user5", "password5"))).SessionId!;
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        var size = Encoding.UTF8.GetByteCount(DemoNetwork.File3);
        await TestClusters.WaitUntilAsync(async () => (await PresenceOfAsync(net, "user3")).Activity.BytesServed > 0, TimeSpan.FromSeconds(10), "user3 reports what it served");
        Assert.Equal(new PeerActivity((await PresenceOfAsync(net, "user3")).Activity.LastSeen, 1, size), (await PresenceOfAsync(net, "user3")).Activity);
        Assert.Equal((0L, 0L), ((await PresenceOfAsync(net, "user4")).Activity is var user4 ? (user4.FilesServed, user4.BytesServed) : default));

        var loggingOut = DateTimeOffset.UtcNow;
        Assert.Equal(P2PStatus.Ok, (await _hosts.Client.GetPeerAccount(net.Name, "user5").EndSessionAsync(session)).Status);
        var loggedOut = DateTimeOffset.UtcNow;
        await TestClusters.WaitUntilAsync(async () => await PresenceOfAsync(net, "user5") is { SignedIn: false, Activity.LastSeen: { } seen } && seen >= loggingOut, TimeSpan.FromSeconds(10), "user5's sign-out is its last seen");
        var user5 = await PresenceOfAsync(net, "user5");
        Assert.True(user5.Reachable);
        Assert.InRange(user5.Activity.LastSeen!.Value, loggingOut, loggedOut);

        var user3Seen = (await PresenceOfAsync(net, "user3")).Activity;
        Assert.NotNull(user3Seen.LastSeen);
        await _hosts.KillAsync("B");
        await TestClusters.WaitUntilAsync(async () => !(await PresenceOfAsync(net, "user3")).Reachable, TimeSpan.FromSeconds(20), "user3 is listed as unreachable");
        var user3 = await PresenceOfAsync(net, "user3");
        Assert.False(user3.SignedIn);
        Assert.Equal(user3Seen, user3.Activity);
    }
}

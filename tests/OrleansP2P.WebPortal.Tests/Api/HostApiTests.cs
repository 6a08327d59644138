using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>The portal's one host over HTTP: listed with its state, offered at sign-up, and an unknown host refused.</summary>
public sealed class HostApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_portal_lists_its_host_as_up_with_the_demo_peers_homed_on_it()
    {
        using var client = new ApiClient(_portal);

        var hosts = await ApiClient.JsonOf(await client.Http.GetAsync("/api/hosts"));

        var host = Assert.Single(hosts.EnumerateArray());
        Assert.Equal("up", host.GetProperty("state").GetString());
        Assert.Equal(4, host.GetProperty("peers").GetInt32());
    }

    [Fact]
    public async Task Sign_up_on_an_unknown_host_gets_400_and_creates_no_peer()
    {
        using var client = new ApiClient(_portal);

        var reply = await client.Http.PostAsJsonAsync("/api/signup", new { username = "user7", password = "password7", host = "nowhere" });

        Assert.Contains("'nowhere'", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.BadRequest));
        var login = await client.Http.PostAsJsonAsync("/api/login", new { username = "user7", password = "password7" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task The_peer_list_gives_each_peer_its_host_whether_it_is_reachable_and_whether_it_is_signed_in()
    {
        using var client = await ApiClient.LogInAsync(_portal, "user1");
        var host = Assert.Single((await ApiClient.JsonOf(await client.Http.GetAsync("/api/hosts"))).EnumerateArray()).GetProperty("name").GetString();

        var peers = (await ApiClient.JsonOf(await client.Http.GetAsync("/api/peers"))).EnumerateArray()
            .Select(p => $"{p.GetProperty("username").GetString()} {p.GetProperty("host").GetString()} reachable={p.GetProperty("reachable").GetBoolean()} signedIn={p.GetProperty("signedIn").GetBoolean()}")
            .ToList();

        Assert.Equal([$"user1 {host} reachable=True signedIn=True", $"user2 {host} reachable=True signedIn=False", $"user3 {host} reachable=True signedIn=False", $"user4 {host} reachable=True signedIn=False"], peers);
    }

    [Fact]
    public async Task The_peer_list_gives_last_seen_and_the_files_and_bytes_each_peer_served()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File1.txt/download", null)).StatusCode);

        JsonElement PeerIn(JsonElement peers, string name) => peers.EnumerateArray().Single(p => p.GetProperty("username").GetString() == name);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement list;
        while (PeerIn(list = await ApiClient.JsonOf(await user4.Http.GetAsync("/api/peers")), "user1").GetProperty("bytesServed").GetInt64() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "user1's served bytes never reached the peer list");
            await Task.Delay(100);
        }

        var user1 = PeerIn(list, "user1");
        Assert.Equal((1L, (long)System.Text.Encoding.UTF8.GetByteCount(OrleansP2P.Hosting.DemoNetwork.File1)), (user1.GetProperty("filesServed").GetInt64(), user1.GetProperty("bytesServed").GetInt64()));
        Assert.Equal(0, PeerIn(list, "user4").GetProperty("filesServed").GetInt64());
        Assert.Equal(JsonValueKind.String, PeerIn(list, "user4").GetProperty("lastSeen").ValueKind);
    }

    [Fact]
    public async Task Sign_up_with_no_host_homes_the_peer_on_the_portals_host()
    {
        using var client = new ApiClient(_portal);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/signup", new { username = "user7", password = "password7" })).StatusCode);

        using var user7 = await ApiClient.LogInAsync(_portal, "user7");
        var hosts = await ApiClient.JsonOf(await user7.Http.GetAsync("/api/hosts"));
        var host = Assert.Single(hosts.EnumerateArray());
        Assert.Equal(5, host.GetProperty("peers").GetInt32());
        var me = (await ApiClient.JsonOf(await user7.Http.GetAsync("/api/peers"))).EnumerateArray().Single(p => p.GetProperty("username").GetString() == "user7");
        Assert.Equal(host.GetProperty("name").GetString(), me.GetProperty("host").GetString());
        Assert.True(me.GetProperty("signedIn").GetBoolean());
    }
}

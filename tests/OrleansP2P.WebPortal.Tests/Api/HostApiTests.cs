using System.Net;
using System.Net.Http.Json;
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
}

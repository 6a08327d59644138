using System.Net;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>The Transfers panel's list over HTTP: the caller's downloads with sources and map; cancelling what is not running is refused.</summary>
public sealed class TransfersApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_download_is_listed_with_its_source_and_full_map_and_cannot_be_cancelled_once_done()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);

        var transfer = Assert.Single((await ApiClient.JsonOf(await user4.Http.GetAsync("/api/transfers"))).EnumerateArray());

        Assert.Equal(("download", "File3.txt", "done"), (transfer.GetProperty("kind").GetString(), transfer.GetProperty("name").GetString(), transfer.GetProperty("outcome").GetString()));
        Assert.Equal("user3", Assert.Single(transfer.GetProperty("sources").EnumerateArray()).GetString());
        var map = transfer.GetProperty("map").GetString()!;
        Assert.NotEmpty(map);
        Assert.All(map, c => Assert.Equal('1', c));
        Assert.Equal(map.Length, transfer.GetProperty("arrived").GetInt32());
        Assert.False(transfer.GetProperty("canCancel").GetBoolean());

        var id = transfer.GetProperty("id").GetString();
        Assert.Contains("has ended", await ApiClient.AssertErrorAsync(await user4.Http.PostAsync($"/api/transfers/{id}/cancel", null), HttpStatusCode.Conflict));
        Assert.Contains("no transfer", await ApiClient.AssertErrorAsync(await user4.Http.PostAsync("/api/transfers/nope/cancel", null), HttpStatusCode.NotFound));

        // Another user's list is its own.
        using var user1 = await ApiClient.LogInAsync(_portal, "user1");
        Assert.Empty((await ApiClient.JsonOf(await user1.Http.GetAsync("/api/transfers"))).EnumerateArray());
    }
}

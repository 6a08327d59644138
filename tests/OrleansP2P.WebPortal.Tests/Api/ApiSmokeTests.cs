using System.Net;
using System.Net.Http.Json;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

public sealed class ApiSmokeTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_logs_in_and_downloads_File3_through_the_api()
    {
        using var client = new HttpClient { BaseAddress = _portal.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/login", new { username = "user4", password = "password4" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var download = await client.PostAsync("/api/files/File3.txt/download", null);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.True(File.Exists(_portal.PathIn("user4", "File3.txt")));
    }
}

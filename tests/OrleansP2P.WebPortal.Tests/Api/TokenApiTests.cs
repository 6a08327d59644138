using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>API sessions as bearer tokens: each token is one login, a session of its own at the peer, revoked by its own logout.</summary>
public sealed class TokenApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_gets_a_bearer_token_and_acts_with_it_alone_no_cookie_set()
    {
        using var script = new ApiClient(_portal);
        var reply = await script.Http.PostAsJsonAsync("/api/token", new { username = "user4", password = "password4" });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.False(reply.Headers.Contains("Set-Cookie"));
        var body = await ApiClient.JsonOf(reply);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt64() > 0);

        script.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);
        Assert.True(File.Exists(Path.Combine(_portal.FolderOf("user4"), "File3.txt")));
        var files = await ApiClient.JsonOf(await script.Http.GetAsync("/api/files"));
        Assert.Contains(files.EnumerateArray(), f => f.GetProperty("name").GetString() == "File3.txt");
    }

    [Fact]
    public async Task Logging_out_with_one_token_revokes_that_token_only_and_the_users_cookie_login_stays()
    {
        using var first = await TokenClientAsync("user3");
        using var second = await TokenClientAsync("user3");
        using var browser = await ApiClient.LogInAsync(_portal, "user3");

        Assert.Equal(HttpStatusCode.OK, (await first.Http.PostAsync("/api/logout", null)).StatusCode);

        // Refused on its next request, even one the peer grain is not asked about (the tracker's list of peers).
        await ApiClient.AssertErrorAsync(await first.Http.GetAsync("/api/peers"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertErrorAsync(await first.Http.GetAsync("/api/files"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/api/peers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/files")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_no_token_and_a_forged_token_gets_401_json()
    {
        using var script = new ApiClient(_portal);
        var reply = await script.Http.PostAsJsonAsync("/api/token", new { username = "user4", password = "password3" });
        Assert.Equal("Invalid username or password", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.Unauthorized));

        script.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token-the-portal-issued");
        await ApiClient.AssertErrorAsync(await script.Http.GetAsync("/api/files"), HttpStatusCode.Unauthorized);
    }

    private async Task<ApiClient> TokenClientAsync(string user)
    {
        var client = new ApiClient(_portal);
        var reply = await client.Http.PostAsJsonAsync("/api/token", new { username = user, password = $"password{user[^1]}" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var token = (await ApiClient.JsonOf(reply)).GetProperty("accessToken").GetString();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

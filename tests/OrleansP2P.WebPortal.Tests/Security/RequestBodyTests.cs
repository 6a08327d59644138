using System.Net;
using System.Text;
using System.Text.Json;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>Bodies that are too large, malformed, cut short or too slow get a clear 4xx as JSON, never 500 or HTML.</summary>
public sealed class RequestBodyTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("/api/login")]
    [InlineData("/api/signup")]
    public async Task A_35_MB_json_body_to_login_or_sign_up_gets_413_json(string path)
    {
        using var raw = new RawHttp(Portal);
        const long size = 35L * 1024 * 1024;
        await raw.SendHeadAsync("POST", path, null, "Content-Type: application/json", $"Content-Length: {size}");
        await raw.SendAsync("{\"username\":\"" + new string('u', 64 * 1024));

        var (status, headers, body) = await raw.ReadResponseAsync();

        Assert.Equal(413, status);
        Assert.StartsWith("application/problem+json", headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(413, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")] // not a chunk size
    [InlineData("3\r\nabcdef\r\n0\r\n\r\n")] // a chunk longer than it says
    public async Task A_malformed_chunked_upload_gets_400_json_and_no_file(string chunkedBody)
    {
        var name = $"Broken-{Guid.NewGuid():N}.txt";
        using var raw = new RawHttp(Portal);
        await raw.SendHeadAsync("PUT", $"/api/files/{name}", await RawHttp.SessionCookieOfAsync(Portal, "user4"), "Transfer-Encoding: chunked");
        await raw.SendAsync(chunkedBody);

        var (status, headers, body) = await raw.ReadResponseAsync();

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(400, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.False(File.Exists(Portal.PathIn("user4", name)));
    }

    [Fact]
    public async Task An_upload_cut_short_is_never_a_5xx_and_leaves_no_file()
    {
        var name = $"Short-{Guid.NewGuid():N}.txt";
        using var raw = new RawHttp(Portal);
        await raw.SendHeadAsync("PUT", $"/api/files/{name}", await RawHttp.SessionCookieOfAsync(Portal, "user4"), "Content-Length: 1000");
        await raw.SendAsync("only ten b");
        raw.StopSending();

        // Kestrel takes the client's FIN as the end of the connection, so the answer may never be delivered;
        // if it is, it is the 400 the handler wrote.
        try
        {
            var (status, _, body) = await raw.ReadResponseAsync();
            Assert.Equal(400, status);
            Assert.Equal(400, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        }
        catch (IOException)
        {
        }

        using var user4 = await ApiClient.LogInAsync(Portal, "user4");
        Assert.Equal(HttpStatusCode.NotFound, (await user4.Http.GetAsync($"/api/files/{name}")).StatusCode);
        Assert.False(File.Exists(Portal.PathIn("user4", name)));
    }

    [Fact]
    public async Task An_upload_whose_client_leaves_after_its_first_chunk_is_staged_leaves_nothing_staged()
    {
        var name = $"Left-{Guid.NewGuid():N}.bin";
        var work = Path.Combine(Portal.FolderOf("user4"), ".p2p");
        using (var raw = new RawHttp(Portal))
        {
            await raw.SendHeadAsync("PUT", $"/api/files/{name}", await RawHttp.SessionCookieOfAsync(Portal, "user4"), $"Content-Length: {3 * 1024 * 1024}");
            await raw.SendAsync(new string('a', 1536 * 1024));

            // The first 1 MiB chunk is in the work area: the upload is provably under way when the client leaves.
            await Eventually.TrueAsync(() => Directory.EnumerateFiles(work, "up-*").Any(), "the first chunk is staged", TimeSpan.FromSeconds(60));
        }

        await Eventually.TrueAsync(() => !Directory.EnumerateFiles(work, "up-*").Any(), "the staged upload is removed", TimeSpan.FromSeconds(60));
        Assert.False(File.Exists(Portal.PathIn("user4", name)));
    }

    [Fact]
    public async Task A_login_body_sent_at_1_byte_a_second_gets_408_json()
    {
        using var raw = new RawHttp(Portal);
        var json = Encoding.ASCII.GetBytes("{\"username\":\"user1\",\"password\":\"password1\"}" + new string(' ', 200));
        await raw.SendHeadAsync("POST", "/api/login", null, "Content-Type: application/json", $"Content-Length: {json.Length}");

        // Kestrel's minimum body rate (240 bytes/s after a 5 s grace) runs out long before the body does.
        var sent = 0;
        while (!raw.HasAnswer && sent < json.Length)
        {
            await raw.SendAsync(((char)json[sent++]).ToString());
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var (status, headers, body) = await raw.ReadResponseAsync();

        Assert.Equal(408, status);
        Assert.StartsWith("application/problem+json", headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(408, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"one\"", HttpStatusCode.BadRequest)]
    [InlineData("1", HttpStatusCode.BadRequest)]
    [InlineData("\"1\", \"2\"", HttpStatusCode.BadRequest)]
    [InlineData("*", HttpStatusCode.BadRequest)]
    public async Task A_weak_If_Match_gets_412_and_a_malformed_one_400_and_the_file_is_unchanged(string ifMatch, HttpStatusCode expected)
    {
        using var user3 = await ApiClient.LogInAsync(Portal, "user3");
        var before = await File.ReadAllTextAsync(Portal.PathIn("user3", "File3.txt"));
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/files/File3.txt") { Content = new StringContent("overwritten") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        await ApiClient.AssertErrorAsync(await user3.Http.SendAsync(request), expected);

        Assert.Equal(before, await File.ReadAllTextAsync(Portal.PathIn("user3", "File3.txt")));
    }
}

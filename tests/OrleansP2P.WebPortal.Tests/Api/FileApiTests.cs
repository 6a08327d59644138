using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>The spec's story over HTTP, against the real portal, checking the folders on disk.</summary>
public sealed class FileApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_downloads_File3_updates_it_everywhere_and_a_stale_update_changes_nothing()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");

        var download = await ApiClient.JsonOf(await user4.Http.PostAsync("/api/files/File3.txt/download", null));
        Assert.Equal(200, download.GetProperty("status").GetInt32());
        Assert.Equal(FileKey.Compute("File3.txt"), download.GetProperty("key").GetString());
        Assert.Equal(1, download.GetProperty("version").GetInt64());
        Assert.Equal(["user3"], download.GetProperty("servedBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new FileInfo(_portal.PathIn("user4", "File3.txt")).Length, download.GetProperty("fetchedBytes").GetInt64());
        Assert.Equal(0, download.GetProperty("reusedBytes").GetInt64());
        Assert.Equal(0, download.GetProperty("badPieces").GetArrayLength());
        Assert.True(File.Exists(_portal.PathIn("user4", "File3.txt")));

        var trackerTxt = await user4.Http.GetAsync("/api/tracker.txt");
        Assert.Equal("text/plain", trackerTxt.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(_portal.PathIn("user4", "Tracker.txt")), await trackerTxt.Content.ReadAsStringAsync());
        Assert.Contains($"{FileKey.Compute("File3.txt")}\tFile3.txt\tfull\tuser3,user4", await trackerTxt.Content.ReadAsStringAsync());

        var rows = (await ApiClient.JsonOf(await user4.Http.GetAsync("/api/tracker"))).GetProperty("rows").EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()} {r.GetProperty("part").GetString()} {string.Join(',', r.GetProperty("holders").EnumerateArray().Select(h => h.GetString()))}")
            .ToList();
        Assert.Contains("File2.txt 1/2 user2", rows);
        Assert.Contains("File2.txt 2/2 user3", rows);
        Assert.Contains("File3.txt full user3,user4", rows);

        var copy = await user4.Http.GetAsync("/api/files/File3.txt");
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal("\"1\"", copy.Headers.ETag?.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(_portal.PathIn("user3", "File3.txt")), await copy.Content.ReadAsByteArrayAsync());

        var update = await user4.Http.SendAsync(Put("File3.txt", "File3.txt, edited by user4", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(2, (await ApiClient.JsonOf(update)).GetProperty("version").GetInt64());
        Assert.Equal("File3.txt, edited by user4", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));

        var stale = await user4.Http.SendAsync(Put("File3.txt", "an edit of version 1", "\"1\""));
        Assert.Equal("user4 saved version 2 of File3.txt after this edit began from version 1; nothing was overwritten.", await ApiClient.AssertErrorAsync(stale, HttpStatusCode.Conflict));
        var staleProblem = await ApiClient.JsonOf(stale);
        Assert.Equal(2, staleProblem.GetProperty("currentVersion").GetInt64());
        Assert.Equal("user4", staleProblem.GetProperty("savedBy").GetString());
        Assert.Equal("File3.txt, edited by user4", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));
        Assert.Equal("File3.txt, edited by user4", await File.ReadAllTextAsync(_portal.PathIn("user4", "File3.txt")));

        await ApiClient.AssertErrorAsync(await user4.Http.SendAsync(Put("File3.txt", "x", "version two")), HttpStatusCode.BadRequest);

        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        Assert.Equal("File3.txt, edited by user4", await user3.Http.GetStringAsync("/api/files/File3.txt"));
    }

    [Fact]
    public async Task User1_downloads_File2_from_its_two_parts()
    {
        using var user1 = await ApiClient.LogInAsync(_portal, "user1");

        var reply = await ApiClient.JsonOf(await user1.Http.PostAsync("/api/files/File2.txt/download", null));

        Assert.Equal(["user2", "user3"], reply.GetProperty("servedBy").EnumerateArray().Select(e => e.GetString()));
        var parts = await File.ReadAllTextAsync(_portal.PathIn("user2", "File2.txt.part1of2")) + await File.ReadAllTextAsync(_portal.PathIn("user3", "File2.txt.part2of2"));
        Assert.Equal(parts, await File.ReadAllTextAsync(_portal.PathIn("user1", "File2.txt")));
    }

    [Fact]
    public async Task A_file_nobody_has_gets_404_and_nothing_is_written()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");

        var error = await ApiClient.AssertErrorAsync(await user4.Http.PostAsync("/api/files/File9.txt/download", null), HttpStatusCode.NotFound);

        Assert.Contains("No peer has File9.txt", error);
        Assert.False(File.Exists(_portal.PathIn("user4", "File9.txt")));
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync("/api/files/File9.txt"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("..%2Fx")]
    [InlineData("a%2Fb")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("tab%09name")]
    [InlineData("Tracker.txt")]
    public async Task Invalid_names_get_400_and_nothing_is_written(string name)
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        var before = Directory.EnumerateFileSystemEntries(_portal.DataRoot, "*", SearchOption.AllDirectories).Where(p => !p.Contains("orleansp2p.db", StringComparison.Ordinal)).Order().ToList();

        await ApiClient.AssertErrorAsync(await user4.Http.PostAsync($"/api/files/{name}/download", null), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await user4.Http.SendAsync(Put(name, "x", null)), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync($"/api/files/{name}"), HttpStatusCode.BadRequest);

        var after = Directory.EnumerateFileSystemEntries(_portal.DataRoot, "*", SearchOption.AllDirectories).Where(p => !p.Contains("orleansp2p.db", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_user_acts_only_as_its_own_peer()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        var user1File = await File.ReadAllTextAsync(_portal.PathIn("user1", "File1.txt"));

        // user4 does not hold File1.txt: it cannot read user1's copy, nor overwrite it.
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync("/api/files/File1.txt"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await user4.Http.SendAsync(Put("File1.txt", "user4 was here", null)), HttpStatusCode.Conflict);
        Assert.Equal(user1File, await File.ReadAllTextAsync(_portal.PathIn("user1", "File1.txt")));

        // A new file lands in user4's own folder, and only there.
        var created = await user4.Http.SendAsync(Put("Notes.txt", "user4's notes", null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("user4's notes", await File.ReadAllTextAsync(_portal.PathIn("user4", "Notes.txt")));
        Assert.False(File.Exists(_portal.PathIn("user1", "Notes.txt")));
        var files = (await ApiClient.JsonOf(await user4.Http.GetAsync("/api/files"))).EnumerateArray().Select(f => f.GetProperty("name").GetString());
        Assert.Contains("Notes.txt", files);
    }

    [Fact]
    public async Task A_dot_dot_path_never_reaches_a_file_route_and_gets_a_json_404()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");

        // Kestrel resolves "%2E%2E" to "..", and ".." away: the request is for /api/download, which does not exist.
        await ApiClient.AssertErrorAsync(await user4.Http.PostAsync("/api/files/%2E%2E/download", null), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await user4.Http.SendAsync(Put("%2E%2E%2F%2E%2E%2Fescape", "x", null)), HttpStatusCode.BadRequest);
        Assert.False(File.Exists(Path.Combine(_portal.DataRoot, "escape")));
    }

    private static HttpRequestMessage Put(string name, string content, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/files/{name}")
        {
            Content = new StringContent(content, Encoding.UTF8, "text/plain"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }
}

/// <summary>The portal's upload limit, on a portal configured with a small one.</summary>
public sealed class UploadLimitApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["Portal:MaxUploadBytes"] = "1024" }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_and_nothing_is_kept()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");

        var tooLarge = new ByteArrayContent(new byte[2048]);
        tooLarge.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var reply = await user4.Http.PutAsync("/api/files/Big.bin", tooLarge);

        await ApiClient.AssertErrorAsync(reply, HttpStatusCode.RequestEntityTooLarge);
        Assert.False(File.Exists(_portal.PathIn("user4", "Big.bin")));
        Assert.Equal(HttpStatusCode.Created, (await user4.Http.PutAsync("/api/files/Small.bin", new ByteArrayContent(new byte[512]))).StatusCode);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Sync;

/// <summary>
/// The version history over HTTP, checked in every holder's folder and history on disk: listing File3.txt's versions
/// with their authors and keepers, reading a version's bytes from a peer that keeps them, restoring one at every holder,
/// and retention (three versions per file here, so pruning shows within one story).
/// </summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false", ["P2P:KeepVersions"] = "3" }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task File3_edited_three_times_lists_four_versions_and_restoring_version_1_makes_version_5_at_every_holder()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        var key = FileKey.Compute("File3.txt");
        var version1 = await File.ReadAllBytesAsync(_portal.PathIn("user3", "File3.txt"));
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);
        await PutAsync(user4, "File3.txt", "version 2, by user4\n", "\"1\"", HttpStatusCode.OK);
        await PutAsync(user3, "File3.txt", "version 3, by user3\n", "\"2\"", HttpStatusCode.OK);
        await PutAsync(user4, "File3.txt", "version 4, by user4\n", "\"3\"", HttpStatusCode.OK);

        var listed = await ApiClient.JsonOf(await user4.Http.GetAsync("/api/files/File3.txt/versions"));

        Assert.Equal(4, listed.GetProperty("currentVersion").GetInt64());
        var versions = listed.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1L, 2, 3, 4], versions.Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(["user3", "user4", "user3", "user4"], versions.Select(v => v.GetProperty("author").GetString()));
        Assert.Equal([false, false, false, true], versions.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(version1)), versions[0].GetProperty("sha256").GetString());
        Assert.Equal(version1.Length, versions[0].GetProperty("size").GetInt64());
        Assert.All(versions, v => Assert.Equal(["user3", "user4"], KeptBy(v)));
        for (var v = 1; v <= 3; v++)
        {
            Assert.True(File.Exists(HistoryPath("user3", key, v)), $"user3 keeps version {v}");
        }

        // user1 never had File3.txt: its version 2 comes from a peer that keeps it, and user1 keeps nothing of it.
        using var user1 = await ApiClient.LogInAsync(_portal, "user1");
        var fetched = await user1.Http.GetAsync("/api/files/File3.txt/versions/2");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("version 2, by user4\n", await fetched.Content.ReadAsStringAsync());
        Assert.False(Directory.Exists(Path.Combine(_portal.FolderOf("user1"), ".p2p", "history", key)));
        Assert.Equal(version1, await (await user4.Http.GetAsync("/api/files/File3.txt/versions/1")).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await user1.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);

        // Bad If-Match headers and a version nobody has change nothing.
        await ApiClient.AssertErrorAsync(await RestoreAsync(user4, 1, null), HttpStatusCode.PreconditionRequired);
        await ApiClient.AssertErrorAsync(await RestoreAsync(user4, 1, "W/\"4\""), HttpStatusCode.PreconditionFailed);
        await ApiClient.AssertErrorAsync(await RestoreAsync(user4, 1, "four"), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await RestoreAsync(user4, 99, "\"4\""), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync("/api/files/File3.txt/versions/99"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync("/api/files/File9.txt/versions"), HttpStatusCode.NotFound);
        Assert.Equal("version 4, by user4\n", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));

        var restored = await RestoreAsync(user4, 1, "\"4\"");

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(5, (await ApiClient.JsonOf(restored)).GetProperty("version").GetInt64());
        Assert.Equal("\"5\"", restored.Headers.ETag?.ToString());
        foreach (var holder in new[] { "user1", "user3", "user4" })
        {
            Assert.Equal(version1, await File.ReadAllBytesAsync(_portal.PathIn(holder, "File3.txt")));
        }

        var row = (await File.ReadAllLinesAsync(_portal.PathIn("user2", "Tracker.txt"))).Single(l => l.StartsWith($"{key}\tFile3.txt\tfull\t", StringComparison.Ordinal));
        Assert.Equal(["user1", "user3", "user4"], row.Split('\t')[3].Split(',').Order());
        var after = (await ApiClient.JsonOf(await user3.Http.GetAsync("/api/files/File3.txt/versions"))).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal((5L, "user4"), (after[^1].GetProperty("version").GetInt64(), after[^1].GetProperty("author").GetString()));

        // Retention: three versions per file. Version 4, replaced by the restore, pushed version 1 out of every history.
        foreach (var holder in new[] { "user3", "user4" })
        {
            Assert.Equal(["v2", "v3", "v4"], Directory.EnumerateFiles(Path.Combine(_portal.FolderOf(holder), ".p2p", "history", key)).Select(Path.GetFileName).Order());
        }

        Assert.Equal("version 4, by user4\n", await File.ReadAllTextAsync(HistoryPath("user1", key, 4)));
        Assert.Empty(KeptBy(after.Single(v => v.GetProperty("version").GetInt64() == 1)));
        await ApiClient.AssertErrorAsync(await user4.Http.GetAsync("/api/files/File3.txt/versions/1"), HttpStatusCode.NotFound);

        // A stale restore gets 409 and changes nothing.
        await ApiClient.AssertErrorAsync(await RestoreAsync(user3, 2, "\"4\""), HttpStatusCode.Conflict);
        Assert.Equal(version1, await File.ReadAllBytesAsync(_portal.PathIn("user4", "File3.txt")));
    }

    [Fact]
    public async Task A_part_holder_lists_the_versions_but_cannot_restore_from_its_part()
    {
        using var user1 = await ApiClient.LogInAsync(_portal, "user1");
        using var user2 = await ApiClient.LogInAsync(_portal, "user2");
        Assert.Equal(HttpStatusCode.OK, (await user1.Http.PostAsync("/api/files/File2.txt/download", null)).StatusCode);
        var part = await File.ReadAllBytesAsync(_portal.PathIn("user2", "File2.txt.part1of2"));

        var listed = await ApiClient.JsonOf(await user2.Http.GetAsync("/api/files/File2.txt/versions"));
        Assert.Equal(["user1"], KeptBy(listed.GetProperty("versions").EnumerateArray().Single()));

        var error = await ApiClient.AssertErrorAsync(await RestoreAsync(user2, 1, "\"1\"", "File2.txt"), HttpStatusCode.Conflict);

        Assert.Contains("part 1/2", error);
        Assert.Contains("not restore", error);
        Assert.Equal(part, await File.ReadAllBytesAsync(_portal.PathIn("user2", "File2.txt.part1of2")));
        Assert.False(File.Exists(_portal.PathIn("user2", "File2.txt")));
    }

    private static List<string?> KeptBy(JsonElement version) => [.. version.GetProperty("keptBy").EnumerateArray().Select(e => e.GetString())];

    private string HistoryPath(string user, string key, long version) => Path.Combine(_portal.FolderOf(user), ".p2p", "history", key, $"v{version}");

    private static Task<HttpResponseMessage> RestoreAsync(ApiClient client, long version, string? ifMatch, string name = "File3.txt")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/files/{name}/versions/{version}/restore");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.Http.SendAsync(request);
    }

    internal static async Task PutAsync(ApiClient client, string name, string content, string ifMatch, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/files/{name}") { Content = new StringContent(content, Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        Assert.Equal(expected, (await client.Http.SendAsync(request)).StatusCode);
    }
}

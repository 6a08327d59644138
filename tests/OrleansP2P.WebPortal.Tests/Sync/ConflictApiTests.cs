using System.Net;
using System.Text.Json;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Sync;

/// <summary>
/// GET /api/conflicts and resolving a conflict copy, checked on disk. The folder watcher is off, so user3's edit in
/// its folder is still unpublished when user4's version reaches it: the edit becomes a conflict copy.
/// </summary>
public sealed class ConflictApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false" }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_conflict_copy_is_listed_downloadable_and_leaves_the_list_when_deleted_or_published()
    {
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);

        // user3 edits File3.txt in its folder; user4's version 2 arrives before that edit is published.
        var copy = await MakeConflictAsync(user3, user4, "user3's edit, made in its folder\n", "user4's version 2\n", "\"1\"");

        Assert.Equal("File3.txt", copy.GetProperty("original").GetString());
        Assert.Equal("user3", copy.GetProperty("author").GetString());
        Assert.Equal("user3's edit, made in its folder\n".Length, copy.GetProperty("size").GetInt64());
        Assert.Equal(["user3"], Holders(copy));
        var name = copy.GetProperty("name").GetString()!;
        Assert.Matches(@"^File3\.sync-conflict-\d{8}-\d{6}-user3(-\d+)?\.txt$", name);
        Assert.Equal("user4's version 2\n", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));
        Assert.Equal("user3's edit, made in its folder\n", await File.ReadAllTextAsync(_portal.PathIn("user3", name)));
        Assert.Contains($"\t{name}\tfull\tuser3\n", await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt")));

        // Anyone may download it: it is an ordinary network file.
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync($"/api/files/{name}/download", null)).StatusCode);
        Assert.Equal("user3's edit, made in its folder\n", await File.ReadAllTextAsync(_portal.PathIn("user4", name)));

        // A stale PUT through the API is refused and makes no conflict copy.
        await HistoryApiTests.PutAsync(user3, "File3.txt", "an API edit of version 1\n", "\"1\"", HttpStatusCode.Conflict);
        Assert.Equal([name], (await ConflictsAsync(user4)).Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("user4's version 2\n", await File.ReadAllTextAsync(_portal.PathIn("user4", "File3.txt")));

        // Resolved by deleting: listed while a holder keeps it, gone when the last one removes its copy.
        Assert.Equal(HttpStatusCode.OK, (await user3.Http.DeleteAsync($"/api/files/{name}")).StatusCode);
        Assert.Equal(["user4"], Holders((await ConflictsAsync(user4)).Single()));
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.DeleteAsync($"/api/files/{name}")).StatusCode);
        Assert.Empty(await ConflictsAsync(user3));

        // Resolved by publishing: the copy's content becomes the next version at every holder, and the copy goes.
        var second = (await MakeConflictAsync(user3, user4, "user3's second edit, kept\n", "user4's version 3\n", "\"2\"")).GetProperty("name").GetString()!;
        await ApiClient.AssertErrorAsync(await ResolveAsync(user3, second, "both", "\"3\""), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await ResolveAsync(user3, second, "mine", null), HttpStatusCode.PreconditionRequired);
        await ApiClient.AssertErrorAsync(await ResolveAsync(user3, second, "mine", "\"2\""), HttpStatusCode.Conflict);
        await ApiClient.AssertErrorAsync(await ResolveAsync(user4, second, "mine", "\"3\""), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await ResolveAsync(user3, "File3.txt", "mine", "\"3\""), HttpStatusCode.BadRequest);
        Assert.Equal("user4's version 3\n", await File.ReadAllTextAsync(_portal.PathIn("user4", "File3.txt")));
        Assert.Single(await ConflictsAsync(user4));

        var resolved = await ResolveAsync(user3, second, "mine", "\"3\"");

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var body = await ApiClient.JsonOf(resolved);
        Assert.Equal(4, body.GetProperty("version").GetInt64());
        Assert.Equal("File3.txt", body.GetProperty("file").GetString());
        Assert.Equal("user3's second edit, kept\n", await File.ReadAllTextAsync(_portal.PathIn("user4", "File3.txt")));
        Assert.Equal("user3's second edit, kept\n", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));
        Assert.False(File.Exists(_portal.PathIn("user3", second)));
        Assert.Empty(await ConflictsAsync(user4));
        Assert.DoesNotContain(second, await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt")));
    }

    [Fact]
    public async Task A_conflict_copy_whose_name_the_network_already_knows_takes_the_next_free_name_and_is_shared()
    {
        using var user2 = await ApiClient.LogInAsync(_portal, "user2");
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);

        // user2 shares other files under every name user3's copy could get in the next minute (an earlier copy of the same second, say).
        var start = DateTime.UtcNow;
        var taken = Enumerable.Range(0, 60).Select(s => $"File3.sync-conflict-{start.AddSeconds(s):yyyyMMdd-HHmmss}-user3.txt").ToList();
        foreach (var name in taken)
        {
            var put = await user2.Http.PutAsync($"/api/files/{name}", new StringContent($"user2's own {name}\n"));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var copy = await MakeConflictAsync(user3, user4, "user3's edit, made in its folder\n", "user4's version 2\n", "\"1\"");

        var name3 = copy.GetProperty("name").GetString()!;
        Assert.DoesNotContain(name3, taken);
        Assert.Matches(@"^File3\.sync-conflict-\d{8}-\d{6}-user3-\d+\.txt$", name3);
        Assert.Equal("user3's edit, made in its folder\n", await File.ReadAllTextAsync(_portal.PathIn("user3", name3)));
        Assert.Contains($"\t{name3}\tfull\tuser3\n", await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt")));
    }

    [Fact]
    public async Task A_conflict_copy_resolved_by_merging_puts_the_merged_text_in_every_holders_folder_and_goes()
    {
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);
        var copy = (await MakeConflictAsync(user3, user4, "line 1\nuser3's line 2\n", "line 1\nuser4's line 2\n", "\"1\"")).GetProperty("name").GetString()!;
        const string Merged = "line 1\nuser3's line 2\nuser4's line 2\n";

        // Bad input changes nothing: no If-Match, a stale one, bytes that are not text, more than 1 MiB, a copy user4 does not hold.
        await ApiClient.AssertErrorAsync(await MergeAsync(user3, copy, Merged, null), HttpStatusCode.PreconditionRequired);
        await ApiClient.AssertErrorAsync(await MergeAsync(user3, copy, Merged, "\"1\""), HttpStatusCode.Conflict);
        await ApiClient.AssertErrorAsync(await MergeAsync(user3, copy, new byte[] { 0x6c, 0xff, 0xfe, 0x00 }, "\"2\""), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await MergeAsync(user3, copy, new string('x', 1024 * 1024 + 1), "\"2\""), HttpStatusCode.RequestEntityTooLarge);
        await ApiClient.AssertErrorAsync(await MergeAsync(user4, copy, Merged, "\"2\""), HttpStatusCode.NotFound);
        Assert.Equal("line 1\nuser4's line 2\n", await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));
        Assert.True(File.Exists(_portal.PathIn("user3", copy)));
        Assert.Single(await ConflictsAsync(user4));

        var merged = await MergeAsync(user3, copy, Merged, "\"2\"");

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var body = await ApiClient.JsonOf(merged);
        Assert.Equal(("File3.txt", 3L), (body.GetProperty("file").GetString(), body.GetProperty("version").GetInt64()));
        Assert.Equal("\"3\"", merged.Headers.ETag?.ToString());
        foreach (var holder in new[] { "user3", "user4" })
        {
            Assert.Equal(Merged, await File.ReadAllTextAsync(_portal.PathIn(holder, "File3.txt")));
        }

        Assert.False(File.Exists(_portal.PathIn("user3", copy)));
        Assert.Empty(await ConflictsAsync(user4));
        Assert.DoesNotContain(copy, await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt")));
    }

    private static Task<HttpResponseMessage> MergeAsync(ApiClient client, string copy, string merged, string? ifMatch) =>
        MergeAsync(client, copy, System.Text.Encoding.UTF8.GetBytes(merged), ifMatch);

    private static Task<HttpResponseMessage> MergeAsync(ApiClient client, string copy, byte[] merged, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conflicts/{copy}/resolve?keep=merged") { Content = new ByteArrayContent(merged) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.Http.SendAsync(request);
    }

    /// <summary>user3 edits File3.txt in its folder, user4 then saves <paramref name="theirs"/>: returns the conflict copy as listed.</summary>
    private async Task<JsonElement> MakeConflictAsync(ApiClient user3, ApiClient user4, string mine, string theirs, string ifMatch)
    {
        await File.WriteAllTextAsync(_portal.PathIn("user3", "File3.txt"), mine);
        await HistoryApiTests.PutAsync(user4, "File3.txt", theirs, ifMatch, HttpStatusCode.OK);
        var copy = default(JsonElement);
        await Eventually.TrueAsync(async () => (copy = (await ConflictsAsync(user4)).SingleOrDefault(c => File.Exists(_portal.PathIn("user3", c.GetProperty("name").GetString()!)))).ValueKind != JsonValueKind.Undefined,
            "user3's edit is listed as a conflict copy", TimeSpan.FromSeconds(60));
        Assert.Equal(["user3"], Holders(copy));
        Assert.Equal(theirs, await File.ReadAllTextAsync(_portal.PathIn("user3", "File3.txt")));
        return copy;
    }

    private static async Task<List<JsonElement>> ConflictsAsync(ApiClient client)
    {
        var reply = await client.Http.GetAsync("/api/conflicts");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return [.. (await ApiClient.JsonOf(reply)).EnumerateArray()];
    }

    private static List<string?> Holders(JsonElement copy) => [.. copy.GetProperty("holders").EnumerateArray().Select(e => e.GetString())];

    private static Task<HttpResponseMessage> ResolveAsync(ApiClient client, string copy, string keep, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conflicts/{copy}/resolve?keep={keep}");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.Http.SendAsync(request);
    }
}

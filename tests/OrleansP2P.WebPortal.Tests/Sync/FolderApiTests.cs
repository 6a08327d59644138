using System.Net;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Sync;

/// <summary>
/// POST /api/rescan and DELETE /api/files/{name}, checked on disk. The folder watcher is off here, so the rescan's
/// reply (not the watcher, which would get there first) is the one that reports what changed.
/// </summary>
public sealed class FolderApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false" }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_rescan_reports_by_name_what_it_announced_published_and_withdrew()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);
        await File.WriteAllTextAsync(_portal.PathIn("user3", "Notes.txt"), "dropped into user3's folder\n");
        await File.WriteAllTextAsync(_portal.PathIn("user3", "File3.txt"), "user3 rewrote File3.txt\n");
        File.Delete(_portal.PathIn("user3", "File2.txt.part2of2"));

        var reply = await user3.Http.PostAsync("/api/rescan", null);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = await ApiClient.JsonOf(reply);
        Assert.Equal(["Notes.txt"], Names(body, "announced"));
        Assert.Equal(["File3.txt"], Names(body, "published"));
        Assert.Equal(["File2.txt.part2of2"], Names(body, "withdrawn"));
        Assert.Empty(Names(body, "conflicts"));
        Assert.Equal("user3 rewrote File3.txt\n", await File.ReadAllTextAsync(_portal.PathIn("user4", "File3.txt")));
        Assert.Contains($"{FileKey.Compute("Notes.txt")}\tNotes.txt\tfull\tuser3", await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt")));
    }

    [Fact]
    public async Task Deleting_a_file_removes_only_the_callers_copy_into_its_history_and_others_keep_theirs()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        using var user1 = await ApiClient.LogInAsync(_portal, "user1");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File1.txt/download", null)).StatusCode);
        var bytes = await File.ReadAllBytesAsync(_portal.PathIn("user1", "File1.txt"));

        var reply = await user1.Http.DeleteAsync("/api/files/File1.txt");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.False(File.Exists(_portal.PathIn("user1", "File1.txt")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_portal.FolderOf("user1"), ".p2p", "history", FileKey.Compute("File1.txt"), "v1")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_portal.PathIn("user4", "File1.txt")));
        Assert.Contains($"{FileKey.Compute("File1.txt")}\tFile1.txt\tfull\tuser4\n", await File.ReadAllTextAsync(_portal.PathIn("user2", "Tracker.txt")));
        Assert.DoesNotContain((await ApiClient.JsonOf(await user1.Http.GetAsync("/api/files"))).EnumerateArray(), f => f.GetProperty("name").GetString() == "File1.txt");

        await ApiClient.AssertErrorAsync(await user1.Http.DeleteAsync("/api/files/File1.txt"), HttpStatusCode.NotFound);
        await ApiClient.AssertErrorAsync(await user1.Http.DeleteAsync("/api/files/.hidden"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_folder_whose_marker_is_gone_is_unreachable_and_nothing_of_it_is_withdrawn()
    {
        using var user3 = await ApiClient.LogInAsync(_portal, "user3");

        // An unmounted disk: the mount point is there, empty, without the marker.
        foreach (var file in Directory.EnumerateFiles(_portal.FolderOf("user3")).Where(f => Path.GetFileName(f) != "Tracker.txt"))
        {
            File.Delete(file);
        }

        File.Delete(Path.Combine(_portal.FolderOf("user3"), ".p2p", "folder-id"));

        var error = await ApiClient.AssertErrorAsync(await user3.Http.PostAsync("/api/rescan", null), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("marker", error);
        var tracker = await File.ReadAllTextAsync(_portal.PathIn("user1", "Tracker.txt"));
        Assert.Contains($"{FileKey.Compute("File3.txt")}\tFile3.txt\tfull\tuser3", tracker);
        Assert.Contains("\tFile2.txt\t2/2\tuser3", tracker);
        await ApiClient.AssertErrorAsync(await user3.Http.PostAsync("/api/files/File1.txt/download", null), HttpStatusCode.ServiceUnavailable);
    }

    private static List<string?> Names(System.Text.Json.JsonElement body, string property) =>
        [.. body.GetProperty(property).EnumerateArray().Select(e => e.GetString())];
}

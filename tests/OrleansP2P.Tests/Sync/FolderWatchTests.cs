using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Protocol;
using OrleansP2P.Sync;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Sync;

/// <summary>
/// The folder is the interface: what a person does in a peer's folder reaches the network with nobody calling a
/// rescan, on the shared cluster (where every other test's network is watched too). Checked on disk. A change is
/// read by the names its events named, the peer's own writes come back without a hash, and what an overflow of the
/// event queue loses is still found by reading the whole folder.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FolderWatchTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly string[] Users = ["user1", "user2", "user3", "user4"];

    private async Task<SpecNetwork> User4HasAsync(string name)
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest(name))).Status);
        return net;
    }

    private Task<ImmutableArray<FileVersion>> VersionsAsync(SpecNetwork net, string name) =>
        net.Grains.GetFile(net.Name, FileKey.Compute(name)).ListVersionsAsync();

    private static Task UntilAsync(Func<bool> condition, string what) =>
        TestClusters.WaitUntilAsync(() => Task.FromResult(Ready(condition)), Deadline, what);

    /// <summary>A file being replaced or a Tracker.txt being renamed may be read mid-way: that is "not yet".</summary>
    private static bool Ready(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool TextIs(SpecNetwork net, string user, string name, string text) =>
        net.Has(user, name) && net.ReadText(user, name) == text;

    private bool EveryTrackerTxtHas(SpecNetwork net, string name, string holders) =>
        Users.All(user => net.RowOf(user, name) == $"{FileKey.Compute(name)} {name} full {holders}");

    [Fact]
    public async Task User3_rewrites_File3_in_its_folder_and_user4s_copy_changes_and_user4s_own_write_never_comes_back_as_an_edit()
    {
        var net = await User4HasAsync("File3.txt");

        File.WriteAllText(net.PathIn("user3", "File3.txt"), "user3 rewrote File3 in its folder\n");

        await UntilAsync(() => TextIs(net, "user4", "File3.txt", "user3 rewrote File3 in its folder\n"), "user4's File3.txt has user3's edit");

        // The watcher reads user4's folder after the update landed there (a file dropped in says when): the update
        // matches user4's record, so it is not published again as user4's edit.
        File.WriteAllText(net.PathIn("user4", "Mine.txt"), "user4's own file\n");
        await UntilAsync(() => EveryTrackerTxtHas(net, "Mine.txt", "user4"), "every Tracker.txt lists user4's Mine.txt");
        var versions = await VersionsAsync(net, "File3.txt");
        Assert.Equal(2, versions[^1].Version);
        Assert.Equal("user3", versions[^1].Author);
        Assert.Equal<string>(["File3.txt", "Mine.txt"], net.FilesOf("user4"));
        Assert.Equal("user3 rewrote File3 in its folder\n", net.ReadText("user4", "File3.txt"));
    }

    [Fact]
    public async Task An_editor_saving_File3_through_a_temp_file_and_a_rename_publishes_exactly_one_version()
    {
        var net = await User4HasAsync("File3.txt");
        var temp = net.PathIn("user3", "File3.txt.tmp");

        File.WriteAllText(temp, "saved by an editor\n");
        File.Move(temp, net.PathIn("user3", "File3.txt"), overwrite: true);

        await UntilAsync(() => TextIs(net, "user4", "File3.txt", "saved by an editor\n"), "user4's File3.txt has the editor's save");
        var versions = await VersionsAsync(net, "File3.txt");
        Assert.Equal([1L, 2L], versions.Select(v => v.Version));
        Assert.Null(net.RowOf("user1", "File3.txt.tmp"));
    }

    [Fact]
    public async Task A_file_written_in_pieces_with_pauses_shorter_than_the_quiet_period_is_published_once_whole()
    {
        var net = await User4HasAsync("File3.txt");
        var pieces = Enumerable.Range(1, 4).Select(i => $"piece {i} of File3, written a moment after the one before\n").ToArray();

        await using (var stream = new FileStream(net.PathIn("user3", "File3.txt"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            foreach (var piece in pieces)
            {
                // The writer's own pauses (a slow program), far shorter than the 250 ms quiet period.
                await stream.WriteAsync(Encoding.UTF8.GetBytes(piece));
                await stream.FlushAsync();
                await Task.Delay(20);
            }
        }

        var whole = string.Concat(pieces);
        await UntilAsync(() => TextIs(net, "user4", "File3.txt", whole), "user4's File3.txt has the whole file");
        Assert.Equal([1L, 2L], (await VersionsAsync(net, "File3.txt")).Select(v => v.Version));
    }

    [Fact]
    public async Task A_file_dropped_into_user1s_folder_appears_in_every_TrackerTxt_and_user4_downloads_it()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");

        File.WriteAllText(net.PathIn("user1", "Dropped.txt"), "dropped into user1's folder\n");

        await UntilAsync(() => EveryTrackerTxtHas(net, "Dropped.txt", "user1"), "every Tracker.txt lists Dropped.txt at user1");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("Dropped.txt"))).Status);
        Assert.Equal("dropped into user1's folder\n", net.ReadText("user4", "Dropped.txt"));
    }

    [Fact]
    public async Task A_deletion_in_user1s_folder_withdraws_user1s_copy_and_user4_keeps_its_own()
    {
        var net = await User4HasAsync("File1.txt");
        await UntilAsync(() => EveryTrackerTxtHas(net, "File1.txt", "user1,user4"), "every Tracker.txt lists both holders of File1.txt");

        File.Delete(net.PathIn("user1", "File1.txt"));

        await UntilAsync(() => EveryTrackerTxtHas(net, "File1.txt", "user4"), "every Tracker.txt lists user4 alone for File1.txt");
        Assert.Equal(Hosting.DemoNetwork.File1, net.ReadText("user4", "File1.txt"));
    }

    [Fact]
    public async Task Removing_user1s_folder_marker_makes_user1_unreachable_and_withdraws_nothing()
    {
        var net = await User4HasAsync("File1.txt");

        // What an unmounted disk looks like: no marker, no files.
        File.Delete(Path.Combine(net.FolderOf("user1"), ".p2p", Storage.PeerFolder.MarkerName));
        File.Delete(net.PathIn("user1", "File1.txt"));

        await UntilAsync(() => LatestReadingOf(net, "user1")?.Status == P2PStatus.ServiceUnavailable, "the watcher finds user1's folder unreachable");
        Assert.Contains("marker", LatestReadingOf(net, "user1")!.Reason);
        Assert.True(EveryTrackerTxtHas(net, "File1.txt", "user1,user4"));
        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("File1.txt")).LocateAsync()).Location!;
        Assert.Contains("user1", location.WholeHolders);
    }

    [Fact]
    public async Task An_editors_temporary_file_dropped_into_user1s_folder_is_not_published()
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        File.WriteAllText(net.PathIn("user1", "Notes.txt.tmp"), "an editor's save in progress\n");
        File.WriteAllText(net.PathIn("user1", "Notes.txt~"), "an editor's backup\n");
        File.WriteAllText(net.PathIn("user1", "Notes.txt"), "the note itself\n");

        await UntilAsync(() => EveryTrackerTxtHas(net, "Notes.txt", "user1"), "every Tracker.txt lists Notes.txt");
        Assert.DoesNotContain(net.TrackerTxtOf("user4").Rows, r => r.Name.StartsWith("Notes.txt", StringComparison.Ordinal) && r.Name != "Notes.txt");
        Assert.Equal(P2PStatus.NotFound, (await net.Grains.GetFile(net.Name, FileKey.Compute("Notes.txt.tmp")).LocateAsync()).Status);
    }

    // A change costs what the change is, not what the folder holds (the soak's network grows to 20,000 files).
    [Fact]
    public async Task A_file_dropped_into_user3s_folder_is_read_by_its_name_alone()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        File.WriteAllText(net.PathIn("user3", "Dropped.txt"), "dropped into user3's folder\n");

        // What the watcher calls after the drop's event (it may have called it already: then the file is known).
        var reply = await net.Server("user3").SyncNamesAsync(["Dropped.txt"]);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(1, reply.Read);
        Assert.Equal(["Dropped.txt"], reply.Held.Select(f => f.Name));
        Assert.Equal(3, (await net.Peer("user3").RescanAsync()).Held.Length);
    }

    [Fact]
    public async Task User4s_own_save_edit_and_download_come_back_from_the_watcher_without_a_hash_or_a_new_version()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Created, (await net.SaveTextAsync("user4", "Mine.txt", "user4's own file\n", null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "Mine.txt", "user4's own file, edited\n", 1)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        var reply = await net.Server("user4").SyncNamesAsync(["Mine.txt", "File3.txt"]);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(2, reply.Read);
        Assert.Equal(0, reply.Hashed);
        Assert.Empty(reply.Announced);
        Assert.Empty(reply.Published);
        Assert.Equal([1L, 2L], (await net.Grains.GetFile(net.Name, FileKey.Compute("Mine.txt")).ListVersionsAsync()).Select(v => v.Version));
    }

    [Fact]
    public async Task A_drop_in_and_a_deletion_whose_events_an_overflow_lost_still_reach_every_TrackerTxt()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File1.txt"))).Status);
        await UntilAsync(() => EveryTrackerTxtHas(net, "File1.txt", "user1,user4") && LatestReadingOf(net, "user1") is not null,
            "every Tracker.txt lists both holders of File1.txt, and the watcher has read user1's folder once");

        string[] lost = [net.PathIn("user1", "Lost.txt"), net.PathIn("user1", "File1.txt")];
        foreach (var watchers in Watchers())
        {
            watchers.LoseEventsOf(lost);
        }

        File.WriteAllText(lost[0], "its event was lost\n");
        File.Delete(lost[1]);
        foreach (var watchers in Watchers())
        {
            watchers.Overflow();
        }

        await UntilAsync(() => EveryTrackerTxtHas(net, "Lost.txt", "user1") && EveryTrackerTxtHas(net, "File1.txt", "user4"),
            "every Tracker.txt lists Lost.txt at user1 and File1.txt at user4 alone");
    }

    private IEnumerable<FolderWatchers> Watchers() => fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<FolderWatchers>());

    private RescanReply? LatestReadingOf(SpecNetwork net, string user) =>
        Watchers().Select(w => w.LatestReadingOf(net.Name, user)).OfType<RescanReply>().FirstOrDefault();
}

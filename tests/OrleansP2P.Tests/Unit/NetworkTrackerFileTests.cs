using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

public sealed class NetworkTrackerFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));

    private readonly TrackerFileWriter _writer = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_following_folder_shows_a_version_the_moment_it_is_published()
    {
        var user3 = Folder("user3");
        var user4 = Folder("user4");
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user3, _root, Snapshot(1)));
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user4, _root, Snapshot(1)));

        await _writer.PublishAsync(_root, TableText.Of(Snapshot(2)), TrackerFileLink.FollowsNetwork);

        var expected = TrackerFile.Render(Snapshot(2));
        Assert.Equal(expected, user3.ReadTracker());
        Assert.Equal(expected, user4.ReadTracker());
        Assert.True(NetworkTrackerFile.IsFollowedBy(user4, _root));
        Assert.Equal(Path.Combine("..", "..", SharedTrackerFile.DirectoryName, "Tracker.txt"), new FileInfo(user4.PathOf(FileNames.TrackerFileName)).LinkTarget);
        Assert.Empty(Directory.EnumerateFiles(user3.WorkDirectory));
        Assert.Equal(["Tracker.txt"], Directory.GetFiles(Path.Combine(_root, SharedTrackerFile.DirectoryName)).Select(Path.GetFileName));

        // Tracker.txt is no shared file of the peer's, and nobody edits the network's table in place.
        Assert.Empty(user4.Scan());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(NetworkTrackerFile.PathIn(_root)) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }

    [Fact]
    public async Task The_first_follower_of_a_fresh_network_creates_the_table_but_never_overwrites_a_newer_one()
    {
        var user1 = Folder("user1");
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user1, _root, Snapshot(1)));
        Assert.Equal(1, TrackerFile.Parse(user1.ReadTracker()!).Version);

        await _writer.PublishAsync(_root, TableText.Of(Snapshot(5)), TrackerFileLink.FollowsNetwork);
        var user2 = Folder("user2");
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user2, _root, Snapshot(3)));

        Assert.Equal(5, TrackerFile.Parse(user2.ReadTracker()!).Version);
        Assert.Equal(5, TrackerFile.Parse(user1.ReadTracker()!).Version);
    }

    [Fact]
    public async Task A_folder_with_its_own_copy_is_switched_to_the_link_and_publishing_the_same_version_writes_nothing()
    {
        var user2 = Folder("user2");
        await user2.WriteTrackerAsync(TrackerFile.Render(Snapshot(1)));
        Assert.False(NetworkTrackerFile.IsFollowedBy(user2, _root));

        await _writer.PublishAsync(_root, TableText.Of(Snapshot(2)), TrackerFileLink.FollowsNetwork);
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user2, _root, Snapshot(2)));
        Assert.True(NetworkTrackerFile.IsFollowedBy(user2, _root));
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        var written = File.GetLastWriteTimeUtc(NetworkTrackerFile.PathIn(_root));
        await Task.Delay(20);
        await _writer.PublishAsync(_root, TableText.Of(Snapshot(2)), TrackerFileLink.FollowsNetwork);
        Assert.Equal(written, File.GetLastWriteTimeUtc(NetworkTrackerFile.PathIn(_root)));
    }

    [Fact]
    public async Task A_folder_that_cannot_hold_the_link_is_told_so_and_keeps_its_file()
    {
        var user3 = Folder("user3");
        await user3.WriteTrackerAsync(TrackerFile.Render(Snapshot(1)));

        // The work area, where the link is made before it is renamed into place, is blocked by a plain file.
        Directory.Delete(user3.WorkDirectory, recursive: true);
        File.WriteAllText(user3.WorkDirectory, "blocked");

        Assert.False(await NetworkTrackerFile.TryFollowAsync(user3, _root, Snapshot(2)));
        Assert.Equal(1, TrackerFile.Parse(user3.ReadTracker()!).Version);
        Assert.False(NetworkTrackerFile.IsFollowedBy(user3, _root));
    }

    // One writer call per host a round brings every folder of that host current, whether it follows the table or not.
    [Fact]
    public async Task A_folder_with_its_own_copy_gets_each_published_version_and_one_that_follows_again_is_no_longer_written()
    {
        var user1 = Folder("user1");
        var user2 = Folder("user2");
        Assert.Equal(TrackerFileLink.PerVersion, await _writer.WriteIntoAsync(user1, _root, Snapshot(1), TrackerFileLink.PerVersion));
        Assert.Equal(TrackerFileLink.FollowsNetwork, await _writer.WriteIntoAsync(user2, _root, Snapshot(1), TrackerFileLink.FollowsNetwork));

        // The round's one call: user2 by the shared table, user1 by its own copy, which the disk says it has.
        await _writer.PublishAsync(_root, TableText.Of(Snapshot(2)), TrackerFileLink.FollowsNetwork);
        Assert.Equal(2, TrackerFile.Parse(user1.ReadTracker()!).Version);
        Assert.Null(new FileInfo(user1.PathOf(FileNames.TrackerFileName)).LinkTarget);
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        // An older round arriving late changes nothing.
        await _writer.PublishAsync(_root, TableText.Of(Snapshot(1)), TrackerFileLink.FollowsNetwork);
        Assert.Equal(2, TrackerFile.Parse(user1.ReadTracker()!).Version);
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        // user1 follows from now on: its copy is no longer listed, and the shared table is what it shows.
        Assert.Equal(TrackerFileLink.FollowsNetwork, await _writer.WriteIntoAsync(user1, _root, Snapshot(2), TrackerFileLink.FollowsNetwork));
        Assert.Empty(Directory.EnumerateFiles(TrackerCopies.DirectoryIn(_root)));
        await _writer.PublishAsync(_root, TableText.Of(Snapshot(3)), TrackerFileLink.FollowsNetwork);
        Assert.True(_writer.Follows(user1, _root));
        Assert.Equal(3, TrackerFile.Parse(user1.ReadTracker()!).Version);
    }

    [Fact]
    public async Task Per_version_mode_writes_no_shared_table_and_a_listed_folder_that_is_gone_is_dropped()
    {
        var user3 = Folder("user3");
        var user4 = Folder("user4");
        await _writer.WriteIntoAsync(user3, _root, Snapshot(1), TrackerFileLink.PerVersion);
        await _writer.WriteIntoAsync(user4, _root, Snapshot(1), TrackerFileLink.PerVersion);
        Directory.Delete(user4.Path, recursive: true);

        await _writer.PublishAsync(_root, TableText.Of(Snapshot(2)), TrackerFileLink.PerVersion);

        Assert.Equal(2, TrackerFile.Parse(user3.ReadTracker()!).Version);
        Assert.False(File.Exists(NetworkTrackerFile.PathIn(_root)));
        Assert.False(Directory.Exists(user4.Path), "a folder that is gone must not be made again");
        Assert.Single(Directory.EnumerateFiles(TrackerCopies.DirectoryIn(_root)));
    }

    private PeerFolder Folder(string user)
    {
        var folder = new PeerFolder(Path.Combine(_root, "peers", user));
        folder.EnsureCreated();
        return folder;
    }

    private static TrackerSnapshot Snapshot(int version) => new(
        version,
        new DateTimeOffset(2026, 11, 25, 6, version, 0, TimeSpan.Zero),
        [new TrackerRow(FileKey.Compute("File3.txt"), "File3.txt", null, ["user3", .. version > 1 ? new[] { "user4" } : []])],
        "change");
}

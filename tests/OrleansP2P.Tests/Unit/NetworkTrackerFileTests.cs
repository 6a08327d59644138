using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

public sealed class NetworkTrackerFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_following_folder_shows_a_version_the_moment_it_is_published()
    {
        var user3 = Folder("user3");
        var user4 = Folder("user4");
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user3, _root, Snapshot(1)));
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user4, _root, Snapshot(1)));

        await new TrackerFileWriter().PublishAsync(_root, Snapshot(2), TrackerFileLink.FollowsNetwork);

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

        await new TrackerFileWriter().PublishAsync(_root, Snapshot(5), TrackerFileLink.FollowsNetwork);
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

        await new TrackerFileWriter().PublishAsync(_root, Snapshot(2), TrackerFileLink.FollowsNetwork);
        Assert.True(await NetworkTrackerFile.TryFollowAsync(user2, _root, Snapshot(2)));
        Assert.True(NetworkTrackerFile.IsFollowedBy(user2, _root));
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        var written = File.GetLastWriteTimeUtc(NetworkTrackerFile.PathIn(_root));
        await Task.Delay(20);
        await new TrackerFileWriter().PublishAsync(_root, Snapshot(2), TrackerFileLink.FollowsNetwork);
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

using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

public sealed class SharedTrackerFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));

    private readonly SharedTrackerFile _shared = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_folder_gets_the_same_text_and_only_the_newest_versions_stay_shared()
    {
        var user3 = Folder("user3");
        var user4 = Folder("user4");

        for (var version = 1; version <= 4; version++)
        {
            var snapshot = Snapshot(version);
            await _shared.WriteAsync(user3, _root, snapshot);
            await _shared.WriteAsync(user4, _root, snapshot);
        }

        var expected = TrackerFile.Render(Snapshot(4));
        Assert.Equal(expected, user3.ReadTracker());
        Assert.Equal(expected, user4.ReadTracker());
        Assert.Equal(4, TrackerFile.Parse(user4.ReadTracker()!).Version);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, SharedTrackerFile.DirectoryName)).Length);
        Assert.Empty(Directory.EnumerateFiles(user3.WorkDirectory));
        if (!OperatingSystem.IsWindows())
        {
            // Nobody edits the shared table in place: it is read-only, and replaced whole at the next version.
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(user3.PathOf(FileNames.TrackerFileName)) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }

    [Fact]
    public async Task A_shared_version_deleted_behind_its_back_still_reaches_the_next_folder()
    {
        await _shared.WriteAsync(Folder("user2"), _root, Snapshot(1));
        Directory.Delete(Path.Combine(_root, SharedTrackerFile.DirectoryName), recursive: true);

        var user1 = Folder("user1");
        await _shared.WriteAsync(user1, _root, Snapshot(1));
        Assert.Equal(TrackerFile.Render(Snapshot(1)), user1.ReadTracker());

        await _shared.WriteAsync(user1, _root, Snapshot(2));
        Assert.Equal(TrackerFile.Render(Snapshot(2)), user1.ReadTracker());
    }

    // The one writer (TrackerFileWriter): what a folder shows and whether it follows is read from its disk.

    [Fact]
    public async Task A_folder_with_its_own_file_never_goes_back_a_version_even_for_a_new_writer()
    {
        var user3 = Folder("user3");
        await new TrackerFileWriter().WriteIntoAsync(user3, _root, Snapshot(5), TrackerFileLink.PerVersion);

        // Another process (or the same after a restart) knows nothing in memory: the file on disk says 5.
        var writer = new TrackerFileWriter();
        Assert.Equal(TrackerFileLink.PerVersion, await writer.WriteIntoAsync(user3, _root, Snapshot(4), TrackerFileLink.PerVersion));
        Assert.Equal(5, TrackerFile.Parse(user3.ReadTracker()!).Version);

        File.Delete(user3.PathOf(FileNames.TrackerFileName));
        await writer.WriteIntoAsync(user3, _root, Snapshot(4), TrackerFileLink.PerVersion);
        Assert.Equal(4, TrackerFile.Parse(user3.ReadTracker()!).Version);
        Assert.False(writer.Follows(user3, _root));
    }

    [Fact]
    public async Task A_following_folder_is_found_on_disk_and_leaving_it_gives_the_folder_its_own_file()
    {
        var user4 = Folder("user4");
        var writer = new TrackerFileWriter();
        Assert.Equal(TrackerFileLink.FollowsNetwork, await writer.WriteIntoAsync(user4, _root, Snapshot(2), TrackerFileLink.FollowsNetwork));
        Assert.True(new TrackerFileWriter().Follows(user4, _root));

        await writer.PublishAsync(_root, TableText.Of(Snapshot(3)), TrackerFileLink.FollowsNetwork);
        Assert.Equal(3, TrackerFile.Parse(user4.ReadTracker()!).Version);

        // Switched to files of its own: the link is replaced even by an older version's file.
        Assert.Equal(TrackerFileLink.PerVersion, await writer.WriteIntoAsync(user4, _root, Snapshot(3), TrackerFileLink.PerVersion));
        Assert.False(writer.Follows(user4, _root));
        Assert.Equal(3, TrackerFile.Parse(user4.ReadTracker()!).Version);
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

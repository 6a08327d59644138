using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

/// <summary>One writer call per host a round brings every folder of that host current, whether it follows the table or not.</summary>
public sealed class TrackerFileWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));
    private readonly TrackerFileWriter _writer = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_folder_with_its_own_copy_gets_each_published_version_and_one_that_follows_again_is_no_longer_written()
    {
        var user1 = Folder("user1");
        var user2 = Folder("user2");
        Assert.Equal(TrackerFileLink.PerVersion, await _writer.WriteIntoAsync(user1, _root, Snapshot(1), TrackerFileLink.PerVersion));
        Assert.Equal(TrackerFileLink.FollowsNetwork, await _writer.WriteIntoAsync(user2, _root, Snapshot(1), TrackerFileLink.FollowsNetwork));

        // The round's one call: user2 by the shared table, user1 by its own copy, which the disk says it has.
        await _writer.PublishAsync(_root, Snapshot(2), TrackerFileLink.FollowsNetwork);
        Assert.Equal(2, TrackerFile.Parse(user1.ReadTracker()!).Version);
        Assert.Null(new FileInfo(user1.PathOf(FileNames.TrackerFileName)).LinkTarget);
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        // An older round arriving late changes nothing.
        await _writer.PublishAsync(_root, Snapshot(1), TrackerFileLink.FollowsNetwork);
        Assert.Equal(2, TrackerFile.Parse(user1.ReadTracker()!).Version);
        Assert.Equal(2, TrackerFile.Parse(user2.ReadTracker()!).Version);

        // user1 follows from now on: its copy is no longer listed, and the shared table is what it shows.
        Assert.Equal(TrackerFileLink.FollowsNetwork, await _writer.WriteIntoAsync(user1, _root, Snapshot(2), TrackerFileLink.FollowsNetwork));
        Assert.Empty(Directory.EnumerateFiles(TrackerCopies.DirectoryIn(_root)));
        await _writer.PublishAsync(_root, Snapshot(3), TrackerFileLink.FollowsNetwork);
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

        await _writer.PublishAsync(_root, Snapshot(2), TrackerFileLink.PerVersion);

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

using System.Text;
using OrleansP2P.Peers;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

/// <summary>The peer's record against the disk: behind, or edited?</summary>
public sealed class LocalEditCheckTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));

    private readonly PeerFolder _folder;

    public LocalEditCheckTests()
    {
        _folder = new PeerFolder(_root);
        _folder.EnsureCreated();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private HeldFile Record(string storedName, long version)
    {
        var stored = _folder.Find(storedName)!;
        var sha = FileDigest.Compute(File.ReadAllBytes(_folder.PathOf(storedName)));
        return new HeldFile(new FileDescriptor(FileKey.Compute(stored.Name), stored.Name, version, sha, stored.Size), storedName, stored.LastWriteUtc);
    }

    [Fact]
    public async Task A_file_as_recorded_is_unchanged()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "version 1\n");
        var record = Record("File3.txt", 1);

        var (verdict, _, sha) = await LocalEditCheck.CheckAsync(_folder, record, "File3.txt");

        Assert.Equal(DiskVerdict.Unchanged, verdict);
        Assert.Equal(record.File.Sha256, sha);
    }

    [Fact]
    public async Task A_file_touched_but_not_changed_is_unchanged()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "version 1\n");
        var record = Record("File3.txt", 1);
        File.SetLastWriteTimeUtc(_folder.PathOf("File3.txt"), record.LastWriteUtc.AddMinutes(5));

        Assert.Equal(DiskVerdict.Unchanged, (await LocalEditCheck.CheckAsync(_folder, record, "File3.txt")).Verdict);
    }

    [Fact]
    public async Task A_rewrite_is_an_edit_based_on_the_recorded_version()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "version 1\n");
        var record = Record("File3.txt", 1);
        File.WriteAllText(_folder.PathOf("File3.txt"), "user3's edit\n");

        var (verdict, disk, sha) = await LocalEditCheck.CheckAsync(_folder, record, "File3.txt");

        Assert.Equal(DiskVerdict.Edited, verdict);
        Assert.Equal(FileDigest.Compute(Encoding.UTF8.GetBytes("user3's edit\n")), sha);
        Assert.Equal("user3's edit\n".Length, disk!.Size);
    }

    [Fact]
    public async Task An_edit_of_the_same_size_and_time_is_found_only_by_digest_when_the_time_moved()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "aaaa\n");
        var record = Record("File3.txt", 1);
        File.WriteAllText(_folder.PathOf("File3.txt"), "bbbb\n");
        File.SetLastWriteTimeUtc(_folder.PathOf("File3.txt"), record.LastWriteUtc.AddSeconds(1));

        Assert.Equal(DiskVerdict.Edited, (await LocalEditCheck.CheckAsync(_folder, record, "File3.txt")).Verdict);
    }

    [Fact]
    public async Task A_file_with_no_record_is_unrecorded_and_a_removed_one_missing()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "version 1\n");
        var record = Record("File3.txt", 1);
        File.WriteAllText(_folder.PathOf("New.txt"), "dropped in\n");
        File.Delete(_folder.PathOf("File3.txt"));

        Assert.Equal(DiskVerdict.Unrecorded, (await LocalEditCheck.CheckAsync(_folder, null, "New.txt")).Verdict);
        Assert.Equal(DiskVerdict.Missing, (await LocalEditCheck.CheckAsync(_folder, record, "File3.txt")).Verdict);
    }

    [Fact]
    public async Task A_record_for_a_copy_the_peer_never_recorded_never_matches_the_disk()
    {
        File.WriteAllText(_folder.PathOf("File3.txt"), "");
        var unrecorded = HeldFile.Unrecorded(new FileDescriptor(FileKey.Compute("File3.txt"), "File3.txt", 0, "", 0), "File3.txt");

        Assert.Equal(DiskVerdict.Edited, (await LocalEditCheck.CheckAsync(_folder, unrecorded, "File3.txt")).Verdict);
    }
}

using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

public sealed class VersionHistoryTests : IDisposable
{
    private static readonly string Key = FileKey.Compute("File3.txt");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));
    private readonly PeerFolder _folder;

    public VersionHistoryTests()
    {
        _folder = new PeerFolder(Path.Combine(_root, "user3"));
        _folder.EnsureCreated();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_kept_version_is_listed_and_read_back_in_chunks_and_the_folder_keeps_a_preserved_copy()
    {
        var history = new VersionHistory(_folder, keepVersions: 5, budgetBytes: 1 << 20);
        Write("File3.txt", "version one of File3");
        history.Preserve("File3.txt", Key, 1, null);
        ReplaceByRename("File3.txt", "version two");
        history.Keep("File3.txt", Key, 2, null);

        Assert.False(File.Exists(_folder.PathOf("File3.txt")));
        Assert.Equal([(1L, (PartSpec?)null, 20L), (2L, null, 11L)], history.List(Key));
        Assert.Equal("version ", Encoding.UTF8.GetString((await history.ReadChunkAsync(Key, 1, 0, 8))!));
        Assert.Equal("File3", Encoding.UTF8.GetString((await history.ReadChunkAsync(Key, 1, 15, 100))!));
        Assert.Null(await history.ReadChunkAsync(Key, 3, 0, 8));
        Assert.Null(await history.ReadChunkAsync("not-a-key", 1, 0, 8));
    }

    [Fact]
    public void A_part_is_kept_apart_from_the_whole_and_is_not_read_as_a_whole_version()
    {
        var history = new VersionHistory(_folder, keepVersions: 5, budgetBytes: 1 << 20);
        Write("File2.txt.part1of2", "part one");
        history.Keep("File2.txt.part1of2", Key, 1, new PartSpec(1, 2));

        Assert.Equal([(1L, new PartSpec(1, 2), 8L)], history.List(Key));
        Assert.Null(history.WholePathOf(Key, 1));
    }

    [Fact]
    public void Retention_keeps_the_newest_versions_per_file_then_the_budget_drops_the_oldest_kept()
    {
        var history = new VersionHistory(_folder, keepVersions: 3, budgetBytes: 25);
        for (var version = 1; version <= 4; version++)
        {
            Write("File3.txt", $"v{version}-bytes");
            history.Keep("File3.txt", Key, version, null);
        }

        Assert.Equal([2L, 3, 4], history.List(Key).Select(e => e.Version));

        // Three of 8 bytes is 24, within 25; a fourth file's 8 bytes take the oldest kept out.
        var other = FileKey.Compute("File1.txt");
        Write("File1.txt", "one-byte");
        File.SetLastWriteTimeUtc(Path.Combine(_folder.Path, ".p2p", VersionHistory.DirectoryName, Key, "v2"), DateTime.UtcNow.AddMinutes(-5));
        history.Keep("File1.txt", other, 1, null);

        Assert.Equal([3L, 4], history.List(Key).Select(e => e.Version));
        Assert.Equal([1L], history.List(other).Select(e => e.Version));
    }

    [Fact]
    public void Keeping_an_edit_reads_only_that_files_versions_until_the_budget_is_crossed()
    {
        var history = new VersionHistory(_folder, keepVersions: 2, budgetBytes: 100);
        var keys = Enumerable.Range(1, 5).Select(i => FileKey.Compute($"File{i}.txt")).ToList();
        for (var round = 1; round <= 3; round++)
        {
            foreach (var (key, i) in keys.Select((k, i) => (k, i + 1)))
            {
                Write($"File{i}.txt", "6bytes");
                history.Keep($"File{i}.txt", key, round, null);
            }
        }

        // Counted once, at the first kept version; 5 files × 2 versions × 6 bytes = 60, within 100.
        Assert.Equal(1, history.WholeReadings);
        Assert.All(keys, key => Assert.Equal([2L, 3], history.List(key).Select(e => e.Version)));

        // 60 + 6 × 7 = 102 crosses the budget: one whole reading trims the oldest kept.
        for (var i = 1; i <= 7; i++)
        {
            Write($"Extra{i}.txt", "6bytes");
            history.Keep($"Extra{i}.txt", FileKey.Compute($"Extra{i}.txt"), 1, null);
        }

        Assert.Equal(2, history.WholeReadings);
        var kept = keys.Concat(Enumerable.Range(1, 7).Select(i => FileKey.Compute($"Extra{i}.txt"))).Sum(k => history.List(k).Sum(e => e.Size));
        Assert.True(kept <= 100, $"{kept} bytes kept over a budget of 100");
    }

    private void Write(string name, string text) => File.WriteAllText(_folder.PathOf(name), text);

    /// <summary>As an update replaces a file: a new file renamed over it (the preserved link keeps the old bytes).</summary>
    private void ReplaceByRename(string name, string text)
    {
        var temp = Path.Combine(_root, "incoming.tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, _folder.PathOf(name), overwrite: true);
    }
}

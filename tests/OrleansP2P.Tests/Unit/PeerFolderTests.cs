using System.Security.Cryptography;
using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class PeerFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));
    private readonly PeerFolder _folder;

    public PeerFolderTests()
    {
        _folder = new PeerFolder(Path.Combine(_root, "user3"));
        _folder.EnsureCreated();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Scan_finds_whole_files_and_parts_and_skips_the_tracker_hidden_and_invalid_names()
    {
        Write("File3.txt", "three");
        Write("File2.txt.part2of2", "two");
        Write("Tracker.txt", "# table");
        Write(".secret", "hidden");
        Write("x.part3of2", "bad part");
        Write("trailing.", "bad name");

        var found = _folder.Scan().OrderBy(f => f.StoredName, StringComparer.Ordinal).ToList();

        Assert.Equal(["File2.txt.part2of2", "File3.txt"], found.Select(f => f.StoredName));
        Assert.Equal(new PartSpec(2, 2), found[0].Part);
        Assert.Equal("File2.txt", found[0].Name);
        Assert.Equal(5, found[1].Size);
        Assert.Equal(["trailing.", "x.part3of2"], _folder.FindUnsharableNames().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    public void PathOf_refuses_anything_but_a_plain_name(string name) =>
        Assert.Throws<ArgumentException>(() => _folder.PathOf(name));

    [Fact]
    public async Task Chunks_are_read_at_any_offset_and_short_only_at_the_end()
    {
        Write("File3.txt", "0123456789");

        Assert.Equal("234", Encoding.UTF8.GetString(await _folder.ReadChunkAsync("File3.txt", 2, 3)));
        Assert.Equal("89", Encoding.UTF8.GetString(await _folder.ReadChunkAsync("File3.txt", 8, 5)));
        Assert.Empty(await _folder.ReadChunkAsync("File3.txt", 20, 5));
    }

    [Fact]
    public async Task An_incoming_file_appears_only_when_committed_with_the_digest_of_its_bytes()
    {
        var content = Encoding.UTF8.GetBytes("new content");
        await using (var incoming = _folder.BeginIncoming())
        {
            await incoming.AppendAsync(content.AsMemory(0, 4));
            await incoming.AppendAsync(content.AsMemory(4));
            Assert.False(File.Exists(_folder.PathOf("File3.txt")));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await incoming.ComputeSha256Async());
            await incoming.CommitAsync("File3.txt");
        }

        Assert.Equal("new content", File.ReadAllText(_folder.PathOf("File3.txt")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await _folder.ComputeSha256Async("File3.txt"));
        Assert.Empty(Directory.EnumerateFiles(_folder.WorkDirectory));
    }

    [Fact]
    public async Task Parts_written_out_of_order_give_the_digest_of_the_whole_in_order()
    {
        var content = Encoding.UTF8.GetBytes("part one|part two|part three");
        await using var incoming = _folder.BeginIncoming();

        // As parts fetched side by side arrive: the third first, then the first, then the second.
        await incoming.WriteAtAsync(18, content.AsMemory(18));
        await incoming.WriteAtAsync(0, content.AsMemory(0, 9));
        await incoming.WriteAtAsync(9, content.AsMemory(9, 9));

        Assert.Equal(content.Length, incoming.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await incoming.ComputeSha256Async());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content.AsSpan(9, 9))), await incoming.ComputeSha256Async(9, 9));
        await incoming.CommitAsync("File2.txt");
        Assert.Equal(content, File.ReadAllBytes(_folder.PathOf("File2.txt")));
    }

    [Fact]
    public async Task Parts_of_many_chunks_arriving_interleaved_are_hashed_in_order_while_they_arrive()
    {
        // Four parts of 64 KiB fetched side by side, their 4 KiB chunks interleaved: the digest follows the
        // first part inline and reads the others back in the background as the frontier reaches them.
        var content = new byte[256 * 1024];
        new Random(7).NextBytes(content);
        const int part = 64 * 1024, chunk = 4 * 1024;
        await using var incoming = _folder.BeginIncoming();
        for (var offset = 0; offset < part; offset += chunk)
        {
            foreach (var start in new[] { 3 * part, part, 0, 2 * part })
            {
                await incoming.WriteAtAsync(start + offset, content.AsMemory(start + offset, chunk));
            }
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), await incoming.ComputeSha256Async());
        await incoming.CommitAsync("File2.txt");
        Assert.Equal(content, File.ReadAllBytes(_folder.PathOf("File2.txt")));
    }

    [Fact]
    public async Task A_bad_part_written_again_is_replaced_in_the_digest()
    {
        var good = Encoding.UTF8.GetBytes("first|second");
        await using var incoming = _folder.BeginIncoming();
        await incoming.WriteAtAsync(0, Encoding.UTF8.GetBytes("FIRST|"));
        await incoming.WriteAtAsync(6, good.AsMemory(6));
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(good)), await incoming.ComputeSha256Async());

        await incoming.WriteAtAsync(0, good.AsMemory(0, 6));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(good)), await incoming.ComputeSha256Async());
    }

    [Fact]
    public async Task An_incoming_file_that_is_not_committed_leaves_nothing_behind()
    {
        Write("File3.txt", "old");
        await using (var incoming = _folder.BeginIncoming())
        {
            await incoming.AppendAsync(Encoding.UTF8.GetBytes("half of the new"));
        }

        Assert.Equal("old", File.ReadAllText(_folder.PathOf("File3.txt")));
        Assert.Empty(Directory.EnumerateFiles(_folder.WorkDirectory));
    }

    [Fact]
    public async Task An_upload_continues_across_calls_and_hashes_everything_sent()
    {
        await using (var first = _folder.OpenUpload("u1"))
        {
            await first.AppendAsync(Encoding.UTF8.GetBytes("hello "));
            await first.KeepAsync();
        }

        Assert.True(_folder.UploadExists("u1"));
        await using var second = _folder.OpenUpload("u1");
        await second.AppendAsync(Encoding.UTF8.GetBytes("world"));

        Assert.Equal(11, second.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hello world"u8)), await second.ComputeSha256Async());
        Assert.Throws<ArgumentException>(() => _folder.OpenUpload("../escape"));
    }

    [Fact]
    public async Task Tracker_txt_is_replaced_whole()
    {
        await _folder.WriteTrackerAsync("# Tracker.txt version 1\n");
        await _folder.WriteTrackerAsync("# Tracker.txt version 2\n");

        Assert.Equal("# Tracker.txt version 2\n", _folder.ReadTracker());
        Assert.Empty(Directory.EnumerateFiles(_folder.WorkDirectory));
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder.Path, name), text);
}

public sealed class PeerFolderStagingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-staging-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_start_sweep_removes_staged_uploads_and_downloads_and_keeps_shared_files()
    {
        var folder = new OrleansP2P.Storage.PeerFolder(_root);
        folder.EnsureCreated();
        await File.WriteAllTextAsync(Path.Combine(_root, "File3.txt"), "shared");
        await using (var upload = folder.OpenUpload("abc"))
        {
            await upload.AppendAsync(new byte[1000]);
            await upload.KeepAsync();
        }

        await File.WriteAllBytesAsync(Path.Combine(_root, ".p2p", "in-0123.tmp"), new byte[500]);
        await File.WriteAllBytesAsync(Path.Combine(_root, ".p2p", "keep.dat"), new byte[7]);
        Assert.Equal(1500, folder.StagedBytes());

        Assert.Equal(2, folder.SweepStaging());

        Assert.Equal(0, folder.StagedBytes());
        Assert.True(File.Exists(Path.Combine(_root, "File3.txt")));
        Assert.True(File.Exists(Path.Combine(_root, ".p2p", "keep.dat")));
        Assert.False(folder.UploadExists("abc"));
    }

    [Fact]
    public void The_start_sweep_removes_Tracker_txt_and_marker_temp_files_and_keeps_the_marker_outgoing_copies_and_history()
    {
        var folder = new OrleansP2P.Storage.PeerFolder(_root);
        folder.EnsureCreated();
        folder.WriteMarker("f0");
        var work = Path.Combine(_root, ".p2p");
        File.WriteAllText(Path.Combine(work, "tracker-0123456789abcdef.lnk"), "a link's temp name");
        File.WriteAllText(Path.Combine(work, "marker-0123456789abcdef.tmp"), "f1");
        var outgoing = Path.Combine(work, $"out-{FileKey.Compute("File3.txt")}-v2.dat");
        File.WriteAllText(outgoing, "version 2, still handed out");
        var kept = Path.Combine(work, "history", FileKey.Compute("File3.txt"), "v1");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.WriteAllText(kept, "version 1");

        Assert.Equal(2, folder.SweepStaging());

        Assert.Equal<string>(["folder-id", Path.GetFileName(outgoing)], [.. Directory.EnumerateFiles(work).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]);
        Assert.Equal("f0", folder.ReadMarker());
        Assert.Equal("version 1", File.ReadAllText(kept));
    }

    [Fact]
    public async Task A_discarded_upload_is_gone()
    {
        var folder = new OrleansP2P.Storage.PeerFolder(_root);
        folder.EnsureCreated();
        await using (var upload = folder.OpenUpload("u1"))
        {
            await upload.AppendAsync(new byte[10]);
            await upload.KeepAsync();
        }

        folder.DiscardUpload("u1");
        folder.DiscardUpload("../../etc/passwd"); // not an upload id: nothing happens

        Assert.False(folder.UploadExists("u1"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

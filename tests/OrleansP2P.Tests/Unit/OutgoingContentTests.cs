using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class OutgoingContentTests : IDisposable
{
    private const string Key = "0123456789abcdef";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-tests", "outgoing-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Source(byte[] content)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task A_written_version_is_a_durable_copy_under_its_own_name_that_outlives_its_source()
    {
        var work = Path.Combine(_root, ".p2p");
        var outgoing = new OutgoingContent(work);
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var source = Source(content);

        await outgoing.WriteAsync(Key, 2, source);
        File.Delete(source);

        Assert.True(outgoing.Has(Key, 2));
        Assert.False(outgoing.Has(Key, 1));
        Assert.Equal(Path.Combine(work, $"out-{Key}-v2.dat"), outgoing.PathOf(Key, 2));
        Assert.Equal(content, File.ReadAllBytes(outgoing.PathOf(Key, 2)));
        Assert.Equal(content[1000..1100], await outgoing.ReadChunkAsync(Key, 2, 1000, 100));
        Assert.Equal(content[^10..], await outgoing.ReadChunkAsync(Key, 2, content.Length - 10, 100));
        Assert.Null(await outgoing.ReadChunkAsync(Key, 3, 0, 100));

        // Nothing else is left in the work area: the staging copy became the outgoing one.
        Assert.Equal([$"out-{Key}-v2.dat"], Directory.EnumerateFiles(work).Select(Path.GetFileName));
        Assert.Equal(content.Length, outgoing.Bytes());
    }

    [Fact]
    public async Task A_version_is_its_sources_own_bytes_not_a_second_write_of_them()
    {
        // A 4 KiB edit of a 256 MiB file must not cost a 256 MiB copy: the outgoing content is a second name for the bytes.
        var outgoing = new OutgoingContent(Path.Combine(_root, ".p2p"));
        var source = Source([1, 2, 3, 4]);

        await outgoing.WriteAsync(Key, 2, source);
        await using (var stream = new FileStream(source, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 1;
            stream.WriteByte(9);
        }

        // An edit in place shows there too (readers check every piece against the version's digest and refuse it);
        // an editor that saves by rename leaves the version as it was.
        Assert.Equal([1, 9, 3, 4], File.ReadAllBytes(outgoing.PathOf(Key, 2)));
        var replacement = Source([7, 7]);
        File.Move(replacement, source, overwrite: true);
        Assert.Equal([1, 9, 3, 4], File.ReadAllBytes(outgoing.PathOf(Key, 2)));
    }

    [Fact]
    public async Task A_write_that_fails_leaves_no_copy_and_no_staging_file()
    {
        var work = Path.Combine(_root, ".p2p");
        var outgoing = new OutgoingContent(work);

        await Assert.ThrowsAsync<FileNotFoundException>(() => outgoing.WriteAsync(Key, 2, Path.Combine(_root, "missing")));

        Assert.False(outgoing.Has(Key, 2));
        Assert.Empty(Directory.EnumerateFiles(work));
    }

    [Fact]
    public async Task Releasing_a_version_deletes_it_and_older_ones_and_keeps_newer_ones_and_other_files()
    {
        var outgoing = new OutgoingContent(Path.Combine(_root, ".p2p"));
        const string other = "fedcba9876543210";
        foreach (var (key, version) in new[] { (Key, 2L), (Key, 3L), (Key, 5L), (other, 3L) })
        {
            await outgoing.WriteAsync(key, version, Source([(byte)version]));
        }

        Assert.Equal([(Key, 2L), (Key, 3L), (Key, 5L), (other, 3L)], outgoing.List().OrderBy(o => o.Key == other).ThenBy(o => o.Version));
        Assert.Equal(2, outgoing.DeleteUpTo(Key, 3));

        Assert.Equal([(Key, 5L)], outgoing.List(Key));
        Assert.Equal([(other, 3L)], outgoing.List(other));
    }

    [Fact]
    public async Task A_peer_start_sweeps_staging_but_keeps_outgoing_copies()
    {
        var folder = new PeerFolder(Path.Combine(_root, "user4"));
        folder.EnsureCreated();
        await using (var upload = folder.OpenUpload("abandoned"))
        {
            await upload.AppendAsync(new byte[10]);
            await upload.KeepAsync();
        }

        await folder.Outgoing.WriteAsync(Key, 2, Source([1, 2, 3]));

        Assert.Equal(1, folder.SweepStaging());
        Assert.True(folder.Outgoing.Has(Key, 2));
        Assert.False(folder.UploadExists("abandoned"));
    }
}

using System.Text;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class DownloadTests(ClusterFixture fixture)
{
    [Fact]
    public async Task User4_downloads_File3_from_user3_and_every_TrackerTxt_lists_both()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var key = FileKey.Compute("File3.txt");
        Assert.Equal($"{key} File3.txt full user3", net.RowOf("user1", "File3.txt"));

        Assert.Equal(P2PStatus.Ok, (await net.LogInAsync("user4")).Status);
        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal<string>(["user3"], reply.ServedBy);
        Assert.Equal(key, reply.File!.Key);
        Assert.Equal(DemoNetwork.File3, net.ReadText("user4", "File3.txt"));
        Assert.Equal(SpecNetwork.Sha256Of(net.PathIn("user3", "File3.txt")), reply.File.Sha256);
        foreach (var user in DemoNetwork.Users)
        {
            Assert.Equal($"{key} File3.txt full user3,user4", net.RowOf(user, "File3.txt"));
        }
    }

    [Fact]
    public async Task User1_downloads_File2_held_in_two_parts_and_assembles_it()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var key = FileKey.Compute("File2.txt");
        Assert.Equal($"{key} File2.txt 1/2 user2", net.RowOf("user1", "File2.txt", "1/2"));
        Assert.Equal($"{key} File2.txt 2/2 user3", net.RowOf("user1", "File2.txt", "2/2"));
        Assert.Null(net.RowOf("user1", "File2.txt"));

        await net.LogInAsync("user1");
        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal<string>(["user2", "user3"], reply.ServedBy);
        Assert.Equal(DemoNetwork.File2, net.ReadText("user1", "File2.txt"));
        Assert.Equal(net.ReadText("user2", "File2.txt.part1of2") + net.ReadText("user3", "File2.txt.part2of2"), net.ReadText("user1", "File2.txt"));
        foreach (var user in DemoNetwork.Users)
        {
            Assert.Equal($"{key} File2.txt full user1", net.RowOf(user, "File2.txt"));
            Assert.Equal($"{key} File2.txt 1/2 user2", net.RowOf(user, "File2.txt", "1/2"));
        }

        // Once assembled, the whole file is served whole: user4 gets it from user1 in one piece.
        await net.LogInAsync("user4");
        var second = await net.Peer("user4").DownloadAsync(new DownloadRequest("File2.txt"));
        Assert.Equal<string>(["user1"], second.ServedBy);
        Assert.Equal(DemoNetwork.File2, net.ReadText("user4", "File2.txt"));
    }

    [Fact]
    public async Task A_file_nobody_has_gets_404_after_asking_every_peer_and_nothing_is_written()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        var before = net.FilesOf("user4");

        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("File9.txt"));

        Assert.Equal(P2PStatus.NotFound, reply.Status);
        Assert.Contains("No peer has File9.txt", reply.Reason);
        Assert.Contains("user1", reply.Reason);
        Assert.Equal(before, net.FilesOf("user4"));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user4"), ".p2p")), f => Path.GetFileName(f) != "folder-id");
        Assert.DoesNotContain(net.TrackerTxtOf("user4").Rows, r => r.Name == "File9.txt");
    }

    [Fact]
    public async Task A_file_dropped_into_a_folder_is_found_by_asking_all_peers()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        File.WriteAllText(net.PathIn("user2", "Notes.txt"), "dropped in by hand");
        await net.LogInAsync("user4");

        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("Notes.txt"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal<string>(["user2"], reply.ServedBy);
        Assert.Equal("dropped in by hand", net.ReadText("user4", "Notes.txt"));
        Assert.Equal($"{FileKey.Compute("Notes.txt")} Notes.txt full user2,user4", net.RowOf("user3", "Notes.txt"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\x")]
    [InlineData("tab\tname")]
    [InlineData("Tracker.txt")]
    public async Task Invalid_names_get_400_and_nothing_is_written(string name)
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        var root = Path.GetDirectoryName(Path.GetDirectoryName(net.FolderOf("user4")))!;
        var before = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order().ToList();

        var download = await net.Peer("user4").DownloadAsync(new DownloadRequest(name));
        var save = await net.SaveTextAsync("user4", name, "x", null);

        Assert.Equal(P2PStatus.BadRequest, download.Status);
        Assert.Equal(P2PStatus.BadRequest, save.Status);
        Assert.False(string.IsNullOrWhiteSpace(download.Reason));
        var after = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(before, after);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(net.FolderOf("user4"))!, "x")));
    }

    [Fact]
    public async Task A_peer_that_is_not_logged_in_cannot_download()
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));

        Assert.Equal(P2PStatus.Unauthorized, reply.Status);
        Assert.False(net.Has("user4", "File3.txt"));
    }

    [Fact]
    public async Task A_50_MiB_file_travels_in_chunks_and_arrives_intact()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");
        await net.LogInAsync("user2");
        var content = new byte[50 * 1024 * 1024];
        new Random(42).NextBytes(content);

        var saved = await net.SaveBytesAsync("user1", "Big.bin", content, null);
        Assert.Equal(P2PStatus.Created, saved.Status);

        var reply = await net.Peer("user2").DownloadAsync(new DownloadRequest("Big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content.Length, new FileInfo(net.PathIn("user2", "Big.bin")).Length);
        Assert.Equal(saved.File!.Sha256, SpecNetwork.Sha256Of(net.PathIn("user2", "Big.bin")));
        Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(net.PathIn("user2", "Big.bin"))));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_413_and_nothing_is_kept()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");

        var saved = await net.SaveBytesAsync("user1", "Huge.bin", new byte[ClusterFixture.MaxFileSizeBytes + 1], null);

        Assert.Equal(P2PStatus.PayloadTooLarge, saved.Status);
        Assert.False(net.Has("user1", "Huge.bin"));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user1"), ".p2p")), f => Path.GetFileName(f) != "folder-id");
    }

    [Fact]
    public async Task A_hash_collision_is_refused_with_409()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var key = FileKey.Compute("File3.txt");

        // Two names with the same 64-bit key are too rare to find; the file grain of File3.txt's key is told another name instead.
        var impostor = new FileDescriptor(key, "Other.txt", 1, new string('0', 64), 3);
        var reply = await net.Grains.GetFile(net.Name, key).AnnounceAsync(new Announcement("user1", impostor, null));

        Assert.Equal(P2PStatus.Conflict, reply.Status);
        Assert.Contains("collision", reply.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"{key} File3.txt full user3", net.RowOf("user1", "File3.txt"));
    }

    [Fact]
    public async Task Downloaded_content_is_verified_against_the_digest()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");

        // user3's copy is corrupted on disk behind the peer's back (same size and time, different bytes).
        var path = net.PathIn("user3", "File3.txt");
        var time = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);

        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));

        Assert.Equal(P2PStatus.NotFound, reply.Status);
        Assert.False(net.Has("user4", "File3.txt"));
        Assert.Equal(Encoding.UTF8.GetBytes(DemoNetwork.File3).Length, bytes.Length);
    }

    [Fact]
    public async Task A_bad_part_is_fetched_again_from_another_holder_of_it()
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        // user4 holds a second copy of part 1; user1 assembles File2 once, so the network knows its digest,
        // then drops its whole copy again.
        File.Copy(net.PathIn("user2", "File2.txt.part1of2"), net.PathIn("user4", "File2.txt.part1of2"));
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"))).Status);
        File.Delete(net.PathIn("user1", "File2.txt"));
        await net.Peer("user1").RescanAsync();

        // The holder asked first for part 1 has it corrupted on disk behind its back (same size and time).
        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("File2.txt")).LocateAsync()).Location!;
        Assert.NotNull(location.Sha256);
        Assert.Empty(location.WholeHolders);
        var bad = location.Parts.Single(p => p.Part.Index == 1).Holders[0];
        net.CorruptOnDisk(bad, "File2.txt.part1of2", -1);

        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.DoesNotContain(bad, reply.ServedBy);
        Assert.Equal(DemoNetwork.File2, net.ReadText("user1", "File2.txt"));
        Assert.Equal(location.Sha256, reply.File!.Sha256);
    }
}

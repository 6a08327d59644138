using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Cluster;

/// <summary>Every file of more than one piece gets piece digests; the file's piece list grain keeps them, the tracker only nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PieceTests(ClusterFixture fixture)
{
    private static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task User4_saves_Big_bin_and_the_network_knows_its_pieces_without_the_tracker_storing_them()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        var key = FileKey.Compute("Big.bin");

        var saved = await net.SaveBytesAsync("user4", "Big.bin", Content(5 * TestClusters.PieceSizeBytes + 123, 1), baseVersion: null);

        Assert.Equal(P2PStatus.Created, saved.Status);
        var onDisk = (await PieceDigests.ComputeAsync(net.PathIn("user4", "Big.bin"), TestClusters.PieceSizeBytes))!;
        var location = (await net.Grains.GetFile(net.Name, key).LocateAsync()).Location!;
        Assert.Equal(new PieceLayout(TestClusters.PieceSizeBytes, "sha256", onDisk.Layout.Root), location.Pieces);
        Assert.Equal(location.Pieces, saved.File!.Pieces);
        Assert.Equal(SpecNetwork.Sha256Of(net.PathIn("user4", "Big.bin")), location.Sha256);
        var kept = await net.Grains.GetPieceList(net.Name, key).FindAsync(onDisk.Layout.Root);
        Assert.Equal(6, kept!.Count);
        Assert.Equal(onDisk.Digests, kept.Digests);

        // The tracker's row for the file carries holders, never a piece layout.
        var shard = await net.Grains.GetTrackerShard(net.Name, TrackerShards.IndexOf(key)).LoadAsync();
        Assert.Null(shard.Files[key].Pieces);

        // user3 downloads it and records the layout with its copy.
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user3").DownloadAsync(new DownloadRequest("Big.bin"))).Status);
        Assert.Equal(location.Pieces, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "Big.bin").Pieces);

        // One changed byte is a new version with a new root; user3 receives it with the new layout, and the old list stays findable.
        var edited = File.ReadAllBytes(net.PathIn("user4", "Big.bin"));
        edited[3 * TestClusters.PieceSizeBytes + 5] ^= 0xFF;
        var published = await net.SaveBytesAsync("user4", "Big.bin", edited, baseVersion: 1);

        Assert.Equal(P2PStatus.Ok, published.Status);
        var next = (await PieceDigests.ComputeAsync(net.PathIn("user3", "Big.bin"), TestClusters.PieceSizeBytes))!;
        var current = (await net.Grains.GetFile(net.Name, key).LocateAsync()).Location!;
        Assert.Equal(2, current.Version);
        Assert.Equal(next.Layout, current.Pieces);
        Assert.NotEqual(onDisk.Layout.Root, next.Layout.Root);
        Assert.Equal(current.Pieces, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "Big.bin").Pieces);
        Assert.Equal(next.Digests, (await net.Grains.GetPieceList(net.Name, key).FindAsync(next.Layout.Root))!.Digests);
        Assert.NotNull(await net.Grains.GetPieceList(net.Name, key).FindAsync(onDisk.Layout.Root));
        Assert.Equal(current.Pieces, (await net.Grains.GetFile(net.Name, key).ListVersionsAsync()).Single(v => v.Version == 2).Pieces);
    }

    [Fact]
    public async Task A_file_of_one_piece_has_no_layout_and_is_verified_whole_as_before()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");

        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt")).LocateAsync()).Location!;

        Assert.Null(location.Pieces);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
    }

    [Fact]
    public async Task A_piece_list_that_does_not_hash_to_its_root_is_refused()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var key = FileKey.Compute("Forged.bin");
        var path = Path.Combine(net.FolderOf("user1"), ".forged");
        File.WriteAllBytes(path, Content(3 * TestClusters.PieceSizeBytes, 2));
        var honest = (await PieceDigests.ComputeAsync(path, TestClusters.PieceSizeBytes))!;
        File.Delete(path);
        var forged = (byte[])honest.Digests.Clone();
        forged[^1] ^= 1;

        var pieces = net.Grains.GetPieceList(net.Name, key);
        Assert.False(await pieces.RecordAsync(honest with { Digests = forged }));
        Assert.Null(await pieces.FindAsync(honest.Layout.Root));
        Assert.True(await pieces.RecordAsync(honest));
        Assert.Equal(honest.Digests, (await pieces.FindAsync(honest.Layout.Root))!.Digests);
    }

    [Fact]
    public async Task A_piece_corrupted_at_one_holder_is_refetched_from_the_other_and_only_that_piece()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        var content = Content(7 * TestClusters.PieceSizeBytes + 123, 3);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "Big.bin", content, baseVersion: null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user3").DownloadAsync(new DownloadRequest("Big.bin"))).Status);

        // user3's copy goes bad on disk behind its back in piece 3 (same size and time). Pieces go to the least loaded
        // holder in the order listed (user4, user3), so user3 is asked for the odd pieces.
        net.CorruptOnDisk("user3", "Big.bin", 3 * TestClusters.PieceSizeBytes + 10);

        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("Big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "Big.bin")));
        Assert.Equal<string>(["3:user3"], reply.BadPieces.Select(b => $"{b.Piece}:{string.Join(",", b.Sources)}"));
        Assert.Contains("Piece 3 from user3 failed verification", reply.Reason);
        Assert.Equal(content.Length + TestClusters.PieceSizeBytes, reply.FetchedBytes);
        Assert.Equal<string>(["user4", "user3"], reply.ServedBy);
        Assert.Equal(SpecNetwork.Sha256Of(net.PathIn("user4", "Big.bin")), reply.File!.Sha256);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user1"), ".p2p")), f => Path.GetFileName(f).EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_piece_straddling_two_parts_is_fetched_from_both_holders_and_a_bad_one_from_another_holder_of_its_part()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        foreach (var user in new[] { "user1", "user2", "user3", "user4" })
        {
            await net.LogInAsync(user);
        }

        // Big.bin (5 pieces and a bit) is saved whole by user4, so the network knows its pieces; then user2 and user1
        // hold its first half and user3 its second, and user4 drops the whole copy. The halves meet inside piece 2.
        var content = Content(5 * TestClusters.PieceSizeBytes + 123, 4);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "Big.bin", content, baseVersion: null)).Status);
        var half = new PartSpec(1, 2).RangeIn(content.Length).Length;
        Assert.InRange(half, 2 * TestClusters.PieceSizeBytes + 1, 3 * TestClusters.PieceSizeBytes - 1);
        File.WriteAllBytes(net.PathIn("user2", "Big.bin.part1of2"), content[..(int)half]);
        File.WriteAllBytes(net.PathIn("user1", "Big.bin.part1of2"), content[..(int)half]);
        File.WriteAllBytes(net.PathIn("user3", "Big.bin.part2of2"), content[(int)half..]);
        foreach (var user in new[] { "user2", "user1", "user3" })
        {
            Assert.Equal(P2PStatus.Ok, (await net.Peer(user).RescanAsync()).Status);
        }

        File.Delete(net.PathIn("user4", "Big.bin"));
        await net.Peer("user4").RescanAsync();
        var location = (await net.Grains.GetFile(net.Name, FileKey.Compute("Big.bin")).LocateAsync()).Location!;
        Assert.Empty(location.WholeHolders);
        Assert.NotNull(location.Pieces);
        Assert.Equal<string>(["user2", "user1"], location.Parts.Single(p => p.Part.Index == 1).Holders);

        // user2's half goes bad on disk in its last bytes, inside the straddling piece 2. Pieces go to the least loaded
        // holder in the order listed, so piece 2 is first asked of user2 and user3; neither can be told apart as the
        // culprit, so it is asked again of user1 and user3.
        net.CorruptOnDisk("user2", "Big.bin.part1of2", -1);

        var reply = await net.Peer("user4").DownloadAsync(new DownloadRequest("Big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user4", "Big.bin")));
        Assert.Equal<string>(["2:user2,user3"], reply.BadPieces.Select(b => $"{b.Piece}:{string.Join(",", b.Sources)}"));
        Assert.Equal(content.Length + TestClusters.PieceSizeBytes, reply.FetchedBytes);
        Assert.Contains("user1", reply.ServedBy);
        Assert.Contains("user3", reply.ServedBy);
    }
}

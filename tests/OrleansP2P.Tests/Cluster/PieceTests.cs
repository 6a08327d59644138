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
        Assert.Equal(new PieceLayout(TestClusters.PieceSizeBytes, "blake3", onDisk.Layout.Root), location.Pieces);
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
}

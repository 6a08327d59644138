using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 16 item 1, the peer's side of the Transfers panel: every download, upload and delivered version is listed
/// with its bytes, sources and map while it runs and after; a download cancelled half-way keeps its verified pieces
/// and the retry fetches only the rest.
/// </summary>
public sealed class TransferListTests : CrashClusterTest
{
    private const int Piece = TestClusters.PieceSizeBytes;

    /// <summary>Ten pieces and a bit: pulled, never inline.</summary>
    private const int Size = 10 * Piece + 17;

    private static readonly string Key = FileKey.Compute("big.bin");

    [Fact]
    public async Task A_download_cancelled_half_way_keeps_its_verified_pieces_and_the_retry_reuses_them()
    {
        // user4's reads for user1 beyond the fourth piece wait until the test lets them go: the download is half-way.
        var gate = new ChunkReadHold(r => r.Requester == "user1" && r.Key == Key && r.Offset >= 4 * Piece);
        Cluster = await TestClusters.StartAsync(DataRoot, 2, configure: silo => silo.AddIncomingGrainCallFilter(gate));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "cancel");
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");
        var content = new byte[Size];
        new Random(7).NextBytes(content);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        var user1 = net.Peer("user1");

        var download = user1.DownloadAsync(new DownloadRequest("big.bin"));
        var running = await ListedAsync(user1, t => t is { Kind: TransferKind.Download, Name: "big.bin", IsRunning: true, Arrived: 4 }, "user1's download lists its first four pieces");
        Assert.Equal("user4", Assert.Single(running.Sources));
        Assert.Equal("piece", running.MapUnit);
        Assert.Equal(11, running.Map.Length);
        Assert.True(running.CanCancel);
        Assert.Equal(4L * Piece, running.Bytes);
        Assert.Equal(Size, running.Total);

        Assert.Equal(P2PStatus.Ok, (await user1.CancelTransferAsync(running.Id)).Status);
        var cancelled = await download.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(P2PStatus.Conflict, cancelled.Status);
        Assert.Contains("cancelled; 4 of 11 pieces are kept", cancelled.Reason);
        Assert.False(net.Has("user1", "big.bin"));
        var ended = Assert.Single(await user1.ListTransfersAsync(), t => t.Id == running.Id);
        Assert.Equal(TransferOutcome.Cancelled, ended.Outcome);
        Assert.Equal(4, ended.Arrived);
        Assert.False(ended.CanCancel);
        Assert.Equal(P2PStatus.Conflict, (await user1.CancelTransferAsync(running.Id)).Status);

        gate.Release();
        var retry = await user1.DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.Ok, retry.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.Equal(4 * Piece, retry.ReusedBytes);
        Assert.Equal(Size - 4 * Piece, retry.FetchedBytes);
        var listed = await user1.ListTransfersAsync();
        var done = listed[0];
        Assert.Equal((TransferKind.Download, "big.bin", TransferOutcome.Done), (done.Kind, done.Name, done.Outcome));
        Assert.Equal(11, done.Arrived);
        Assert.Equal(4L * Piece, done.ReusedBytes);
        Assert.Equal("user4", Assert.Single(done.Sources));
        Assert.Equal(running.Id, listed[1].Id);
    }

    [Fact]
    public async Task Uploads_and_delivered_versions_are_listed_with_their_sources_and_a_stranger_sees_nothing()
    {
        Cluster = await TestClusters.StartAsync(DataRoot, 2);
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "kinds");
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");
        var content = new byte[Size];
        new Random(8).NextBytes(content);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"))).Status);
        content[5] ^= 1;
        Assert.Equal(P2PStatus.Ok, (await net.SaveBytesAsync("user4", "big.bin", content, 1)).Status);

        var uploads = (await net.Peer("user4").ListTransfersAsync()).Where(t => t.Name == "big.bin").ToList();
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, u => Assert.Equal((TransferKind.Upload, TransferOutcome.Done, (long?)Size, (long)Size), (u.Kind, u.Outcome, u.Total, u.Bytes)));
        Assert.All(uploads, u => Assert.All(u.Map, Assert.True));

        var user1 = await net.Peer("user1").ListTransfersAsync();
        Assert.Equal(2, user1.Length);
        Assert.Equal((TransferKind.Update, TransferOutcome.Done), (user1[0].Kind, user1[0].Outcome));
        Assert.Equal("user4", Assert.Single(user1[0].Sources));
        Assert.Equal((TransferKind.Download, TransferOutcome.Done), (user1[1].Kind, user1[1].Outcome));

        // File2.txt is held only in parts, by user2 and user3: assembled, with both as its sources and a map of its 2 parts.
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"))).Status);
        var assembled = (await net.Peer("user1").ListTransfersAsync())[0];
        Assert.Equal(("File2.txt", TransferOutcome.Done), (assembled.Name, assembled.Outcome));
        Assert.Equal(["user2", "user3"], assembled.Sources.Order().ToArray());
        Assert.Equal((2, 2, "part"), (assembled.Map.Length, assembled.Arrived, assembled.MapUnit));

        // Not logged in: nothing to list (the list is the user's, like its files).
        Assert.Empty(await net.Peer("user2").ListTransfersAsync());
    }

    [Fact]
    public async Task A_delivered_version_counts_its_bytes_and_pieces_as_they_arrive_not_only_at_the_end()
    {
        // user4's reads of version 2 for user1 beyond the fourth piece wait until the test lets them go: the update is half-way.
        var gate = new ChunkReadHold(r => r.Requester == "user1" && r.Key == Key && r.Version == 2 && r.Offset >= 4 * Piece);
        Cluster = await TestClusters.StartAsync(DataRoot, 2, configure: silo => silo.AddIncomingGrainCallFilter(gate));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "updating");
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");
        var content = new byte[Size];
        new Random(9).NextBytes(content);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"))).Status);
        var edited = new byte[Size];
        new Random(10).NextBytes(edited);

        var save = net.SaveBytesAsync("user4", "big.bin", edited, 1);
        var running = await ListedAsync(net.Peer("user1"), t => t is { Kind: TransferKind.Update, IsRunning: true, Arrived: 4 }, "user1's update lists its first four pieces");

        Assert.Equal(4L * Piece, running.Bytes);
        Assert.Equal(Size, running.Total);
        Assert.Equal(("piece", 11), (running.MapUnit, running.Map.Length));
        gate.Release();
        Assert.Equal(P2PStatus.Ok, (await save).Status);
        await TestClusters.WaitUntilAsync(async () => (await net.Peer("user1").ListTransfersAsync())[0] is { Kind: TransferKind.Update, Outcome: TransferOutcome.Done }, TimeSpan.FromSeconds(60), "user1's update is done");
        Assert.Equal(edited, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
    }

    private static async Task<TransferInfo> ListedAsync(IPeerClientGrain peer, Func<TransferInfo, bool> match, string what)
    {
        TransferInfo? found = null;
        await TestClusters.WaitUntilAsync(async () => (found = (await peer.ListTransfersAsync()).FirstOrDefault(match)) is not null, TimeSpan.FromSeconds(90), what);
        return found!;
    }
}

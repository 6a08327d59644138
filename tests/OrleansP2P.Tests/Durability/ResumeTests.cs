using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 14, resume: user1's download of big.bin is cut short (the cluster killed, or its only source gone quiet)
/// with some pieces verified; the next download of the same version fetches only the rest.
/// </summary>
public sealed class ResumeTests : CrashClusterTest
{
    private const int Piece = TestClusters.PieceSizeBytes;

    /// <summary>Ten pieces and a bit: pulled, never inline.</summary>
    private const int Size = 10 * Piece + 17;

    private static readonly string Key = FileKey.Compute("big.bin");

    [Fact]
    public async Task A_download_killed_half_way_keeps_its_verified_pieces_and_the_next_one_fetches_only_the_rest()
    {
        // user4's reads for user1 beyond the fourth piece are held: the download provably stops half-way.
        Gate = new PullGate(r => r.Requester == "user1" && r.Key == Key && r.Offset >= 4 * Piece);
        var net = await StartAsync(Gate, "killed");
        var content = Content(1);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        var layout = (await net.Grains.GetFile(net.Name, Key).LocateAsync()).Location!.Pieces!;

        var download = net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));
        await Gate.Held.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await TestClusters.WaitUntilAsync(
            () => Task.FromResult(Partials(net, "user1").RecordedPieces(Key, 1, layout, 11).Count == 4),
            TimeSpan.FromSeconds(90),
            "user1's partial download records its first four pieces");
        Assert.False(download.IsCompleted);
        Assert.False(net.Has("user1", "big.bin"));

        await KillAsync(download);

        net = await RestartAsync(net.Name);
        await net.LogInAsync("user1");
        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.Equal(4 * Piece, reply.ReusedBytes);
        Assert.Equal(Size - 4 * Piece, reply.FetchedBytes);
        Assert.Empty(PartialFiles(net, "user1"));
    }

    [Fact]
    public async Task A_piece_is_written_and_recorded_as_soon_as_it_is_verified_while_an_earlier_one_is_still_on_its_way()
    {
        // user4's read of the first piece for user1 is held (not failed); the ten pieces after it are served.
        var hold = new ChunkReadHold(r => r.Requester == "user1" && r.Key == Key && r.Offset == 0);
        var net = await StartAsync(hold, "unordered");
        var content = Content(3);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        var layout = (await net.Grains.GetFile(net.Name, Key).LocateAsync()).Location!.Pieces!;

        var download = net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));
        try
        {
            await TestClusters.WaitUntilAsync(
                () => Task.FromResult(Partials(net, "user1").RecordedPieces(Key, 1, layout, 11) is { Count: >= 4 } recorded && !recorded.Contains(0)),
                TimeSpan.FromSeconds(90),
                "user1's partial records pieces after the first, which is still held");
            Assert.False(download.IsCompleted);
        }
        finally
        {
            hold.Release();
        }

        var reply = await download;

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.Equal(Size, reply.FetchedBytes);
        Assert.Empty(PartialFiles(net, "user1"));
    }

    [Fact]
    public async Task A_download_whose_only_source_goes_quiet_resumes_from_another_holder_that_comes_online()
    {
        // user4 stops answering user1's reads beyond the fourth piece (each times out, so user4 counts as offline).
        Gate = new PullGate((r, target) => target.EndsWith("/user4", StringComparison.Ordinal) && r.Requester == "user1" && r.Key == Key && r.Offset >= 4 * Piece);
        var net = await StartAsync(Gate, "quiet");
        var content = Content(2);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);

        var first = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.NotFound, first.Status);
        Assert.Contains("4 of 11 pieces are kept", first.Reason);
        Assert.False(net.Has("user1", "big.bin"));
        Assert.Equal(2, PartialFiles(net, "user1").Count);

        // user3 comes online with a copy; user4 is still quiet past the fourth piece.
        await net.LogInAsync("user3");
        File.Copy(net.PathIn("user4", "big.bin"), net.PathIn("user3", "big.bin"));
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user3").RescanAsync()).Status);

        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.Equal(4 * Piece, reply.ReusedBytes);
        Assert.Equal(Size - 4 * Piece, reply.FetchedBytes);
        Assert.Contains("user3", reply.ServedBy);
        Assert.Empty(PartialFiles(net, "user1"));
    }

    [Fact]
    public async Task Partials_of_an_older_version_are_swept_at_start_and_discarded_by_a_download_and_recorded_pieces_are_verified_again()
    {
        var net = await StartAsync(null, "stale");
        var (v1, v2) = (Content(3), Content(4));
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", v1, null)).Status);
        var layout1 = (await net.Grains.GetFile(net.Name, Key).LocateAsync()).Location!.Pieces!;
        Assert.Equal(P2PStatus.Ok, (await net.SaveBytesAsync("user4", "big.bin", v2, 1)).Status);
        var layout2 = (await net.Grains.GetFile(net.Name, Key).LocateAsync()).Location!.Pieces!;

        // user1 was cut short twice, once on each version: version 1's first 3 pieces, and version 2's first 4 pieces
        // as its record says, of which the fourth went bad on disk since.
        await PlantPartialAsync(net, 1, layout1, v1, 3);
        var badFourth = (byte[])v2.Clone();
        badFourth[3 * Piece + 1] ^= 0xFF;
        await PlantPartialAsync(net, 2, layout2, badFourth, 4);

        net = await RestartAsync(net.Name, stopFirst: true);
        await net.LogInAsync("user1");
        await TestClusters.WaitUntilAsync(
            () => Task.FromResult(!PartialFiles(net, "user1").Any(f => f.Contains("-v1.", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(90),
            "user1's start sweeps its partial of version 1, no longer current");
        Assert.Equal(2, PartialFiles(net, "user1").Count);

        // A download discards a partial of another version too (one planted again here).
        await PlantPartialAsync(net, 1, layout1, v1, 3);
        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(v2, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.Equal(3 * Piece, reply.ReusedBytes);
        Assert.Equal(Size - 3 * Piece, reply.FetchedBytes);
        Assert.Empty(PartialFiles(net, "user1"));
    }

    [Fact]
    public async Task A_download_that_would_take_the_peer_over_its_staging_budget_gets_507_and_keeps_nothing()
    {
        Cluster = await TestClusters.StartAsync(DataRoot, 1, new Dictionary<string, string?> { ["P2P:StagingBudgetBytes"] = $"{Size - 1}" });
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "budget");
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");

        // big.bin is dropped into user4's folder (an upload of it would be over user4's budget too).
        File.WriteAllBytes(net.PathIn("user4", "big.bin"), Content(5));
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").RescanAsync()).Status);
        Assert.NotNull((await net.Grains.GetFile(net.Name, Key).LocateAsync()).Location!.Pieces);

        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.InsufficientStorage, reply.Status);
        Assert.False(net.Has("user1", "big.bin"));
        Assert.Empty(PartialFiles(net, "user1"));
    }

    private async Task<SpecNetwork> StartAsync(IIncomingGrainCallFilter? gate, string name)
    {
        Cluster = await TestClusters.StartAsync(DataRoot, 2, configure: gate is null ? null : silo => silo.AddIncomingGrainCallFilter(gate));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), name);
        await net.LogInAsync("user4");
        await net.LogInAsync("user1");
        return net;
    }

    private async Task<SpecNetwork> RestartAsync(string name, bool stopFirst = false)
    {
        if (stopFirst && Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        Cluster = await TestClusters.StartAsync(DataRoot, 2);
        return SpecNetwork.Attach(Cluster.Client, Folders(Cluster), name);
    }

    /// <summary>A partial of <paramref name="version"/> holding the first <paramref name="pieces"/> pieces of <paramref name="content"/>, recorded as verified.</summary>
    private static async Task PlantPartialAsync(SpecNetwork net, long version, PieceLayout layout, byte[] content, int pieces)
    {
        var partials = Partials(net, "user1");
        Directory.CreateDirectory(Path.GetDirectoryName(partials.DataPath(Key, version))!);
        await File.WriteAllBytesAsync(partials.DataPath(Key, version), content[..(pieces * Piece)]);
        await partials.RecordAsync(Key, version, layout, [.. Enumerable.Range(0, 11).Select(i => i < pieces)]);
    }

    private static byte[] Content(int seed)
    {
        var bytes = new byte[Size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static PartialDownloads Partials(SpecNetwork net, string user) =>
        new PeerFolder(net.FolderOf(user)).Partials;

    private static List<string> PartialFiles(SpecNetwork net, string user) =>
        [.. Directory.EnumerateFiles(Path.Combine(net.FolderOf(user), ".p2p"), PartialDownloads.Prefix + "*").Select(Path.GetFileName).OfType<string>()];
}

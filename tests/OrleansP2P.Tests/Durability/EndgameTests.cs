using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 14, endgame: of three holders one goes very slow mid-download (its reads are held, never answered while
/// the download runs); near the end the pieces it owes are asked of the others too, and the first verified copy wins.
/// </summary>
public sealed class EndgameTests : CrashClusterTest
{
    private const int Piece = TestClusters.PieceSizeBytes;
    private const int Size = 24 * Piece + 5;

    private static readonly string Key = FileKey.Compute("big.bin");

    [Fact]
    public async Task A_slow_source_does_not_hold_up_the_download_its_pieces_are_taken_from_the_other_holders()
    {
        // user2 answers user1's first two reads of big.bin, then none (until the test is over).
        var answered = 0;
        Gate = new PullGate((r, target) => target.EndsWith("/user2", StringComparison.Ordinal) && r.Requester == "user1" && r.Key == Key && Interlocked.Increment(ref answered) > 2);
        Cluster = await TestClusters.StartAsync(DataRoot, 2, configure: silo => silo.AddIncomingGrainCallFilter(Gate));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "endgame");
        foreach (var user in new[] { "user1", "user2", "user3", "user4" })
        {
            await net.LogInAsync(user);
        }

        var content = new byte[Size];
        new Random(7).NextBytes(content);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "big.bin", content, null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user2").DownloadAsync(new DownloadRequest("big.bin"))).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user3").DownloadAsync(new DownloadRequest("big.bin"))).Status);

        var reply = await net.Peer("user1").DownloadAsync(new DownloadRequest("big.bin"));

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user1", "big.bin")));
        Assert.True(Gate.Held.Task.IsCompleted, "user2 was never asked past its second piece");

        // The download ended while user2 still held its reads: no time-out, the pieces it owed came from user3 and user4.
        Assert.Matches(@"user2 was late with pieces? [0-9, ]+: taken from user[34]", reply.Reason);
        Assert.Empty(reply.BadPieces);
        Assert.Equal(Size, reply.FetchedBytes);
        Assert.Contains(reply.ServedBy, s => s is "user3" or "user4");
    }
}

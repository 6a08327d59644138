using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 14, updates move only what changed: user4 edits 4 KiB in place of a file of 40 pieces that user1, user2
/// and user3 hold; each holder builds the new version from its own pieces and pulls only the changed ones.
/// </summary>
public sealed class DeltaUpdateTests : CrashClusterTest
{
    private const int Piece = TestClusters.PieceSizeBytes;
    private const int Size = 40 * Piece + 321;

    private static readonly string Key = FileKey.Compute("Big.bin");
    private static readonly string[] Holders = ["user1", "user2", "user3"];

    [Fact]
    public async Task User4s_4_KiB_edit_in_place_moves_at_most_two_pieces_to_each_holder_and_every_folder_ends_identical()
    {
        var served = new ServedBytes(Key);
        Cluster = await TestClusters.StartAsync(DataRoot, 2, configure: silo => silo.AddIncomingGrainCallFilter(served));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "delta");
        foreach (var user in Holders.Append("user4"))
        {
            await net.LogInAsync(user);
        }

        var content = new byte[Size];
        new Random(9).NextBytes(content);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "Big.bin", content, null)).Status);
        foreach (var user in Holders)
        {
            Assert.Equal(P2PStatus.Ok, (await net.Peer(user).DownloadAsync(new DownloadRequest("Big.bin"))).Status);
        }

        // 4 KiB written over the boundary of pieces 20 and 21, in user4's folder, as an editor saving in place would.
        served.Reset();
        var edit = new byte[4096];
        new Random(10).NextBytes(edit);
        await using (var stream = new FileStream(net.PathIn("user4", "Big.bin"), FileMode.Open, FileAccess.Write))
        {
            stream.Position = 21 * Piece - 2048;
            await stream.WriteAsync(edit);
        }

        edit.CopyTo(content, 21 * Piece - 2048);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").RescanAsync()).Status);

        foreach (var user in Holders)
        {
            await TestClusters.WaitUntilAsync(
                () => Task.FromResult(File.ReadAllBytes(net.PathIn(user, "Big.bin")).AsSpan().SequenceEqual(content)),
                TimeSpan.FromSeconds(60),
                $"{user}'s folder has user4's edit");
            Assert.Equal(2, (await net.Peer(user).ListFilesAsync()).Single(f => f.Name == "Big.bin").Version);
            Assert.InRange(served.To(user), 1, 2 * Piece);
        }

        Assert.Equal(content, File.ReadAllBytes(net.PathIn("user4", "Big.bin")));
        foreach (var user in Holders)
        {
            Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf(user), ".p2p")), f => Path.GetFileName(f).StartsWith("in-", StringComparison.Ordinal));
        }
    }
}

using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 14, the delta update's outgoing copy: a publisher's outgoing copy of a rescanned edit is its folder file's
/// own bytes (a hard link, not a second write), so the user's next edit in place changes what it serves. user4 edits
/// Big.bin in place and rescans; while user1 is pulling version 2, user4 edits the same bytes again. user1 must never
/// record version 2 with bytes that are not version 2's: it has version 1 or version 2 intact, and the next rescan
/// brings it the second edit as version 3.
/// </summary>
public sealed class EditUnderPullTests : CrashClusterTest
{
    private const int Piece = TestClusters.PieceSizeBytes;
    private const int Size = 40 * Piece + 321;
    private const long EditAt = 20 * Piece + 100;

    private static readonly string Key = FileKey.Compute("Big.bin");

    [Fact]
    public async Task A_holder_never_records_a_version_with_bytes_edited_in_place_after_it_was_published()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new ChunkReadHold(request =>
        {
            var held = request is { Requester: "user1", Version: 2 } && request.Key == Key;
            if (held)
            {
                asked.TrySetResult();
            }

            return held;
        });

        // No watcher: the second edit is published only when the test rescans.
        Cluster = await TestClusters.StartAsync(DataRoot, 2, new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false" }, silo => silo.AddIncomingGrainCallFilter(hold));
        var net = await SpecNetwork.SeedAsync(Cluster.Client, Folders(Cluster), "editunderpull");
        await net.LogInAsync("user1");
        await net.LogInAsync("user4");
        var original = new byte[Size];
        new Random(21).NextBytes(original);
        Assert.Equal(P2PStatus.Created, (await net.SaveBytesAsync("user4", "Big.bin", original, null)).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("Big.bin"))).Status);

        var first = EditInPlace(net, original, 22);
        var publishing = net.Peer("user4").RescanAsync();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // user1 is pulling version 2's changed piece, held: the same bytes are edited again, in place.
        var second = EditInPlace(net, first, 23);
        hold.Release();
        Assert.Equal(P2PStatus.Ok, (await publishing).Status);

        // The file grain waited for user1's answer: whatever it recorded is final for version 2.
        var held = (await net.Peer("user1").ListFilesAsync()).Single(f => f.Name == "Big.bin");
        var disk = File.ReadAllBytes(net.PathIn("user1", "Big.bin"));
        Assert.True(
            (held.Version == 1 && disk.AsSpan().SequenceEqual(original)) || (held.Version == 2 && disk.AsSpan().SequenceEqual(first)),
            $"user1 recorded version {held.Version} with bytes that are neither version 1 nor version 2");

        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").RescanAsync()).Status);
        await TestClusters.WaitUntilAsync(
            async () => (await net.Peer("user1").ListFilesAsync()).Single(f => f.Name == "Big.bin").Version == 3 &&
                File.ReadAllBytes(net.PathIn("user1", "Big.bin")).AsSpan().SequenceEqual(second),
            TimeSpan.FromSeconds(60),
            "user1 has the second edit as version 3");
    }

    /// <summary>Writes 4 KiB of new bytes at <see cref="EditAt"/> of user4's Big.bin in place; returns the content it now has.</summary>
    private static byte[] EditInPlace(SpecNetwork net, byte[] content, int seed)
    {
        var edit = new byte[4096];
        new Random(seed).NextBytes(edit);
        using (var stream = new FileStream(net.PathIn("user4", "Big.bin"), FileMode.Open, FileAccess.Write))
        {
            stream.Position = EditAt;
            stream.Write(edit);
        }

        var edited = (byte[])content.Clone();
        edit.CopyTo(edited, EditAt);
        return edited;
    }
}

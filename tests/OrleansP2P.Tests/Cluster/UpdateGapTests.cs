using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Cluster;

/// <summary>
/// Issue 12's test gaps: behaviours that a mutation of the code left unnoticed by every other test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UpdateGapTests(ClusterFixture fixture)
{
    /// <summary>Too large to travel inline: every holder pulls it in chunks.</summary>
    private static readonly string Pulled = "File3.txt, edited by user4 for everyone." + new string('.', VersionUpdate.MaxInlineBytes + 3 * ClusterFixture.ChunkSizeBytes) + "\n";

    [Fact]
    public async Task A_pulled_update_whose_content_does_not_match_its_digest_is_refused_and_changes_nothing()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        var key = FileKey.Compute("File3.txt");

        // user4 hands out a "version 2" whose bytes are not the ones the digest names (from its outgoing copy).
        var served = Encoding.UTF8.GetBytes(Pulled.Replace("everyone", "no one!!"));
        File.WriteAllBytes(Path.Combine(net.FolderOf("user4"), ".p2p", $"out-{key}-v2.dat"), served);
        var update = new VersionUpdate(key, "File3.txt", 2, FileDigest.Compute(Encoding.UTF8.GetBytes(Pulled)), served.Length, "user4");

        var reply = await net.Server("user3").ApplyUpdateAsync(update);

        Assert.Equal(P2PStatus.Conflict, reply.Status);
        Assert.Contains("failed verification", reply.Reason);
        Assert.Equal(Hosting.DemoNetwork.File3, net.ReadText("user3", "File3.txt"));
        Assert.Equal(1, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user3"), ".p2p")), f => Path.GetFileName(f) != "folder-id");
    }

    [Fact]
    public async Task A_pulled_update_reaches_every_other_whole_holder_not_only_the_first()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        foreach (var user in new[] { "user1", "user2", "user3", "user4" })
        {
            await net.LogInAsync(user);
        }

        foreach (var user in new[] { "user1", "user2", "user4" })
        {
            Assert.Equal(P2PStatus.Ok, (await net.Peer(user).DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        }

        var reply = await net.SaveTextAsync("user4", "File3.txt", Pulled, 1);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(3, reply.HoldersUpdated);
        Assert.Empty(reply.HoldersPending);
        foreach (var user in new[] { "user1", "user2", "user3", "user4" })
        {
            Assert.Equal(Pulled, net.ReadText(user, "File3.txt"));
            Assert.Equal(2, (await net.Peer(user).ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        }

        // Nobody is pending, so user4's outgoing copy is gone.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user4"), ".p2p"), "out-*"));
    }

    [Fact]
    public async Task The_file_grain_itself_refuses_a_second_publish_based_on_the_same_version()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        var file3 = net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt"));

        // Past every peer's own check: both holders of version 1 ask the file grain at once.
        PublishRequest Edit(string by)
        {
            var content = Encoding.UTF8.GetBytes($"version 2 by {by}\n");
            return new PublishRequest(by, "File3.txt", 1, FileDigest.Compute(content), content.Length, content);
        }

        var replies = await Task.WhenAll(file3.PublishUpdateAsync(Edit("user3")), file3.PublishUpdateAsync(Edit("user4")));

        var won = Assert.Single(replies, r => r.Status == P2PStatus.Ok);
        var lost = Assert.Single(replies, r => r.Status == P2PStatus.Conflict);
        Assert.Contains("version 2 of File3.txt", lost.Reason);
        Assert.Equal(2, lost.Version);
        Assert.Equal(2, won.Version);
        var location = (await file3.LocateAsync()).Location!;
        Assert.Equal(2, location.Version);
        var winner = replies[0] == won ? "user3" : "user4";
        Assert.Equal(FileDigest.Compute(Encoding.UTF8.GetBytes($"version 2 by {winner}\n")), location.Sha256);
    }
}

using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class UpdateTests(ClusterFixture fixture)
{
    private static async Task<SpecNetwork> User4HasFile3Async(ClusterFixture fixture)
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        return net;
    }

    /// <summary>Padding that keeps an edit small enough to travel with the update, or makes it large enough to be pulled in chunks.</summary>
    public static TheoryData<int> EditSizes => [0, VersionUpdate.MaxInlineBytes + 3 * ClusterFixture.ChunkSizeBytes];

    [Theory]
    [MemberData(nameof(EditSizes))]
    public async Task User4_updates_File3_and_the_change_reaches_user3s_folder(int padding)
    {
        var net = await User4HasFile3Async(fixture);
        var edited = "File3.txt, edited by user4." + new string('.', padding) + "\n";

        var reply = await net.SaveTextAsync("user4", "File3.txt", edited, baseVersion: 1);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(2, reply.File!.Version);
        Assert.Equal(1, reply.HoldersUpdated);
        Assert.Equal(edited, net.ReadText("user4", "File3.txt"));
        Assert.Equal(edited, net.ReadText("user3", "File3.txt"));
        Assert.Equal(2, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user3,user4", net.RowOf("user1", "File3.txt"));
    }

    [Fact]
    public async Task A_stale_update_gets_409_and_loses_nothing()
    {
        var net = await User4HasFile3Async(fixture);
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "File3.txt", "user4's edit\n", baseVersion: 1)).Status);

        // user3 edited the version it loaded before user4's edit arrived.
        var stale = await net.SaveTextAsync("user3", "File3.txt", "user3's edit of version 1\n", baseVersion: 1);

        Assert.Equal(P2PStatus.Conflict, stale.Status);
        Assert.Equal("user4 saved version 2 of File3.txt after this edit began from version 1; nothing was overwritten.", stale.Reason);
        Assert.Equal((2L, "user4"), (stale.CurrentVersion, stale.CurrentAuthor));
        Assert.Equal("user4's edit\n", net.ReadText("user3", "File3.txt"));
        Assert.Equal("user4's edit\n", net.ReadText("user4", "File3.txt"));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user3"), ".p2p")), f => Path.GetFileName(f) != "folder-id");

        // Reloaded at version 2, user3's edit goes through and reaches user4.
        var retry = await net.SaveTextAsync("user3", "File3.txt", "user3's edit of version 2\n", baseVersion: 2);
        Assert.Equal(P2PStatus.Ok, retry.Status);
        Assert.Equal(3, retry.File!.Version);
        Assert.Equal("user3's edit of version 2\n", net.ReadText("user4", "File3.txt"));
    }

    /// <summary>
    /// user3 and user4 save the same version at the same moment, round after round, small edits and big ones: the
    /// race may be lost at the file grain, while the winner's version is on its way to the loser, or after it
    /// landed; the loser always reads the same one true message, naming who saved which version.
    /// </summary>
    [Theory]
    [MemberData(nameof(EditSizes))]
    public async Task Two_edits_of_one_version_racing_give_the_loser_one_message_naming_who_saved_which_version(int padding)
    {
        var net = await User4HasFile3Async(fixture);
        for (var round = 1L; round <= 4; round++)
        {
            var saves = await Task.WhenAll(
                net.SaveTextAsync("user3", "File3.txt", $"user3, round {round}" + new string('3', padding) + "\n", baseVersion: round),
                net.SaveTextAsync("user4", "File3.txt", $"user4, round {round}" + new string('4', padding) + "\n", baseVersion: round));

            var winner = Assert.Single(saves, s => s.Status == P2PStatus.Ok);
            var loser = Assert.Single(saves, s => s.Status != P2PStatus.Ok);
            var author = winner == saves[0] ? "user3" : "user4";
            Assert.Equal(round + 1, winner.File!.Version);
            Assert.Equal(StaleEdit.Reason("File3.txt", round, round + 1, author), loser.Reason);
            Assert.Equal((P2PStatus.Conflict, round + 1, author), (loser.Status, loser.CurrentVersion, loser.CurrentAuthor));

            // The loser may have been busy when the winner's version came: it gets it as soon as it is free. The
            // next round starts once both copies are at the winner's version, as two people reloading would.
            var text = $"{author}, round {round}" + new string(author[^1], padding) + "\n";
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!(await HoldsAsync(net, "user3", round + 1) && await HoldsAsync(net, "user4", round + 1)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"both copies reach version {round + 1}");
                await Task.Delay(50);
            }

            Assert.Equal(text, net.ReadText("user3", "File3.txt"));
            Assert.Equal(text, net.ReadText("user4", "File3.txt"));
        }
    }

    private static async Task<bool> HoldsAsync(SpecNetwork net, string user, long version) =>
        (await net.Peer(user).ListFilesAsync()).Single(f => f.Name == "File3.txt").Version == version;

    [Fact]
    public async Task An_update_whose_content_does_not_match_its_digest_is_refused_and_changes_nothing()
    {
        var net = await User4HasFile3Async(fixture);
        var before = net.ReadText("user3", "File3.txt");
        var forged = new VersionUpdate(FileKey.Compute("File3.txt"), "File3.txt", 2, FileDigest.Compute("what user4 wrote\n"u8), 17, "user4", "something else!!\n"u8.ToArray());

        var reply = await net.Server("user3").ApplyUpdateAsync(forged);

        Assert.Equal(P2PStatus.Conflict, reply.Status);
        Assert.Contains("failed verification", reply.Reason);
        Assert.Equal(before, net.ReadText("user3", "File3.txt"));
        Assert.Equal(1, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user3"), ".p2p")), f => Path.GetFileName(f) != "folder-id");

        // A part holder has no digest for its new part: it checks the whole content before cutting its part.
        var part = File.ReadAllBytes(net.PathIn("user2", "File2.txt.part1of2"));
        var forgedWhole = new VersionUpdate(FileKey.Compute("File2.txt"), "File2.txt", 2, FileDigest.Compute("the real File2.txt\n"u8), 19, "user1", "a forged File2.txt\n"u8.ToArray());
        Assert.Equal(P2PStatus.Conflict, (await net.Server("user2").ApplyUpdateAsync(forgedWhole)).Status);
        Assert.Equal(part, File.ReadAllBytes(net.PathIn("user2", "File2.txt.part1of2")));
    }

    [Fact]
    public async Task Inline_content_that_is_not_the_whole_new_file_gets_400_and_no_new_version()
    {
        var net = await User4HasFile3Async(fixture);
        var file3 = net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt"));
        var half = "half of it"u8.ToArray();

        var reply = await file3.PublishUpdateAsync(new PublishRequest("user4", "File3.txt", 1, FileDigest.Compute("half of it, and the rest"u8), 24, half));

        Assert.Equal(P2PStatus.BadRequest, reply.Status);
        Assert.Equal(1, (await file3.LocateAsync()).Location!.Version);
        Assert.Equal(1, (await net.Peer("user3").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
    }

    [Fact]
    public async Task A_repeated_delivery_never_takes_a_file_back_to_an_older_version()
    {
        var net = await User4HasFile3Async(fixture);
        var v2 = await net.SaveTextAsync("user4", "File3.txt", "version 2\n", baseVersion: 1);
        await net.SaveTextAsync("user4", "File3.txt", "version 3\n", baseVersion: 2);

        var late = new VersionUpdate(FileKey.Compute("File3.txt"), "File3.txt", 2, v2.File!.Sha256, v2.File.Size, "user4");
        var reply = await net.Server("user3").ApplyUpdateAsync(late);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(3, reply.Stored!.Version);
        Assert.Equal("version 3\n", net.ReadText("user3", "File3.txt"));
    }

    [Theory]
    [MemberData(nameof(EditSizes))]
    public async Task An_update_of_a_file_held_in_parts_re_cuts_every_part_from_the_new_content(int padding)
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"))).Status);
        var edited = "File2.txt rewritten by user1: " + new string('x', 301 + padding) + "\n";

        var reply = await net.SaveTextAsync("user1", "File2.txt", edited, baseVersion: 1);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(2, reply.HoldersUpdated);
        var bytes = Encoding.UTF8.GetBytes(edited);
        var half = bytes.Length / 2;
        Assert.Equal(bytes[..half], File.ReadAllBytes(net.PathIn("user2", "File2.txt.part1of2")));
        Assert.Equal(bytes[half..], File.ReadAllBytes(net.PathIn("user3", "File2.txt.part2of2")));

        // The re-cut parts still assemble to the whole: user4 prefers the whole holder, but the parts agree.
        await net.LogInAsync("user4");
        File.Delete(net.PathIn("user1", "File2.txt"));
        await net.Peer("user1").RescanAsync();
        var assembled = await net.Peer("user4").DownloadAsync(new DownloadRequest("File2.txt"));
        Assert.Equal<string>(["user2", "user3"], assembled.ServedBy);
        Assert.Equal(edited, net.ReadText("user4", "File2.txt"));
    }

    [Fact]
    public async Task A_file_edited_in_the_folder_is_published_on_rescan()
    {
        var net = await User4HasFile3Async(fixture);
        File.WriteAllText(net.PathIn("user3", "File3.txt"), "edited with a text editor in user3's folder\n");

        var scan = await net.Peer("user3").RescanAsync();

        Assert.Equal(P2PStatus.Ok, scan.Status);
        Assert.Equal(2, scan.Held.Single(f => f.Name == "File3.txt").Version);
        Assert.Equal("edited with a text editor in user3's folder\n", net.ReadText("user4", "File3.txt"));
    }

    [Fact]
    public async Task A_part_holder_cannot_edit_and_a_new_file_with_a_taken_name_is_refused()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user2");
        await net.LogInAsync("user4");

        var partEdit = await net.SaveTextAsync("user2", "File2.txt", "only half of it", baseVersion: 1);
        var taken = await net.SaveTextAsync("user4", "File3.txt", "not the network's File3", baseVersion: null);

        Assert.Equal(P2PStatus.Conflict, partEdit.Status);
        Assert.Contains("only part 1/2", partEdit.Reason);
        Assert.Equal(P2PStatus.Conflict, taken.Status);
        Assert.False(net.Has("user4", "File3.txt"));
        Assert.Equal(Hosting.DemoNetwork.File3, net.ReadText("user3", "File3.txt"));
    }

    [Fact]
    public async Task A_file_deleted_from_a_folder_is_withdrawn_from_every_TrackerTxt()
    {
        var net = await User4HasFile3Async(fixture);
        File.Delete(net.PathIn("user3", "File3.txt"));

        await net.Peer("user3").RescanAsync();

        Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user4", net.RowOf("user1", "File3.txt"));
    }
}

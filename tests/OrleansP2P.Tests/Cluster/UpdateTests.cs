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

    [Fact]
    public async Task User4_updates_File3_and_the_change_reaches_user3s_folder()
    {
        var net = await User4HasFile3Async(fixture);

        var reply = await net.SaveTextAsync("user4", "File3.txt", "File3.txt, edited by user4.\n", baseVersion: 1);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(2, reply.File!.Version);
        Assert.Equal(1, reply.HoldersUpdated);
        Assert.Equal("File3.txt, edited by user4.\n", net.ReadText("user4", "File3.txt"));
        Assert.Equal("File3.txt, edited by user4.\n", net.ReadText("user3", "File3.txt"));
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
        Assert.Contains("version 2 is current", stale.Reason);
        Assert.Equal("user4's edit\n", net.ReadText("user3", "File3.txt"));
        Assert.Equal("user4's edit\n", net.ReadText("user4", "File3.txt"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(net.FolderOf("user3"), ".p2p")));

        // Reloaded at version 2, user3's edit goes through and reaches user4.
        var retry = await net.SaveTextAsync("user3", "File3.txt", "user3's edit of version 2\n", baseVersion: 2);
        Assert.Equal(P2PStatus.Ok, retry.Status);
        Assert.Equal(3, retry.File!.Version);
        Assert.Equal("user3's edit of version 2\n", net.ReadText("user4", "File3.txt"));
    }

    [Fact]
    public async Task A_repeated_delivery_never_takes_a_file_back_to_an_older_version()
    {
        var net = await User4HasFile3Async(fixture);
        var v2 = await net.SaveTextAsync("user4", "File3.txt", "version 2\n", baseVersion: 1);
        await net.SaveTextAsync("user4", "File3.txt", "version 3\n", baseVersion: 2);

        var late = new VersionUpdate(FileKey.Compute("File3.txt"), "File3.txt", 2, v2.File!.Sha256, v2.File.Size, "user4");
        var reply = await net.Peer("user3").ApplyUpdateAsync(late);

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.Equal(3, reply.Stored!.Version);
        Assert.Equal("version 3\n", net.ReadText("user3", "File3.txt"));
    }

    [Fact]
    public async Task An_update_of_a_file_held_in_parts_re_cuts_every_part_from_the_new_content()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user1").DownloadAsync(new DownloadRequest("File2.txt"))).Status);
        var edited = "File2.txt rewritten by user1: " + new string('x', 301) + "\n";

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

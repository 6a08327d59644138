using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class LoginTests(ClusterFixture fixture)
{
    [Fact]
    public async Task User3_logs_in_the_tracker_saves_the_session_and_user3_gets_the_latest_TrackerTxt()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        File.Delete(net.PathIn("user3", FileNames.TrackerFileName));

        var reply = await net.LogInAsync("user3");

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.False(string.IsNullOrEmpty(reply.SessionId));
        Assert.True(await net.Tracker.IsOnlineAsync("user3"));
        Assert.Contains(new PeerSummary("user3", true), await net.Tracker.ListPeersAsync());
        Assert.Contains(new PeerSummary("user4", false), await net.Tracker.ListPeersAsync());
        var latest = await net.Tracker.GetSnapshotAsync();
        Assert.Equal(latest.Version, net.TrackerTxtOf("user3").Version);
        Assert.Equal(latest.Rows.Length, net.TrackerTxtOf("user3").Rows.Length);
    }

    [Fact]
    public async Task A_peer_logging_in_with_new_files_tells_every_other_peer()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        File.WriteAllText(net.PathIn("user4", "File4.txt"), "user4 brings a file of its own");

        await net.LogInAsync("user4");

        var row = $"{FileKey.Compute("File4.txt")} File4.txt full user4";
        foreach (var user in DemoNetwork.Users)
        {
            Assert.Equal(row, net.RowOf(user, "File4.txt"));
        }
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_changes_nothing()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var before = await net.Tracker.GetSnapshotAsync();

        var reply = await net.LogInAsync("user4", "password3");

        Assert.Equal(P2PStatus.Unauthorized, reply.Status);
        Assert.Equal("Invalid username or password", reply.Reason);
        Assert.Null(reply.SessionId);
        Assert.False(await net.Tracker.IsOnlineAsync("user4"));
        Assert.Equal(before.Version, (await net.Tracker.GetSnapshotAsync()).Version);
        Assert.Equal(P2PStatus.Unauthorized, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
    }

    [Theory]
    [InlineData("user9")]
    [InlineData("")]
    [InlineData("../user1")]
    public async Task An_unknown_username_gets_401(string username)
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        var reply = await net.LogInAsync(username, "password1");

        Assert.Equal(P2PStatus.Unauthorized, reply.Status);
        Assert.Equal("Invalid username or password", reply.Reason);
        Assert.DoesNotContain(await net.Tracker.ListPeersAsync(), p => p.Online);
    }

    [Fact]
    public async Task Sign_up_creates_a_new_peer_with_its_own_folder_and_TrackerTxt()
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        var reply = await net.Tracker.SignUpAsync(new SignUpRequest("user5", "password5"));

        Assert.Equal(P2PStatus.Created, reply.Status);
        Assert.Equal(net.FolderOf("user5"), reply.Folder);
        Assert.Equal(["user1", "user2", "user3", "user4", "user5"], net.PeersOnDisk());
        Assert.Equal((await net.Tracker.GetSnapshotAsync()).Version, net.TrackerTxtOf("user5").Version);
        Assert.Equal(P2PStatus.Ok, (await net.LogInAsync("user5")).Status);
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user5").DownloadAsync(new DownloadRequest("File1.txt"))).Status);
        Assert.Equal(DemoNetwork.File1, net.ReadText("user5", "File1.txt"));
    }

    [Theory]
    [InlineData("user1", "password1", P2PStatus.Conflict)]
    [InlineData("../evil", "password1", P2PStatus.BadRequest)]
    [InlineData("a b", "password1", P2PStatus.BadRequest)]
    [InlineData("user6", "short", P2PStatus.BadRequest)]
    public async Task Sign_up_refuses_taken_names_invalid_names_and_weak_passwords(string username, string password, P2PStatus expected)
    {
        var net = await SpecNetwork.SeedAsync(fixture);

        var reply = await net.Tracker.SignUpAsync(new SignUpRequest(username, password));

        Assert.Equal(expected, reply.Status);
        Assert.Equal(["user1", "user2", "user3", "user4"], net.PeersOnDisk());
        Assert.Equal(P2PStatus.Ok, (await net.LogInAsync("user1")).Status);
    }

    [Fact]
    public async Task Passwords_never_reach_a_folder_or_a_printed_request()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user1");

        // The password never reaches a folder: nothing on disk mentions it.
        var everything = Directory.EnumerateFiles(Path.GetDirectoryName(net.FolderOf("user1"))!, "*", SearchOption.AllDirectories)
            .Select(File.ReadAllText);
        Assert.DoesNotContain(everything, text => text.Contains("password1", StringComparison.Ordinal));
        Assert.DoesNotContain("password1", new Protocol.LoginRequest("user1", "password1").ToString(), StringComparison.Ordinal);
    }
}

using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Cluster;

/// <summary>A session is one login, owned by the peer: user4 in two browsers, logging out of one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task User4_logs_in_twice_logs_out_of_one_and_the_other_goes_on_while_the_ended_one_is_refused()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var account = net.Grains.GetPeerAccount(net.Name, "user4");

        var laptop = (await net.LogInAsync("user4")).SessionId!;
        var phone = (await net.LogInAsync("user4")).SessionId!;
        Assert.NotEqual(laptop, phone);
        Assert.True(await account.CheckSessionAsync(laptop));
        Assert.True(await account.CheckSessionAsync(phone));

        Assert.Equal(P2PStatus.Ok, (await account.EndSessionAsync(laptop)).Status);

        Assert.False(await account.CheckSessionAsync(laptop));
        Assert.True(await account.CheckSessionAsync(phone));
        Assert.True(await net.Tracker.IsOnlineAsync("user4"));
        Assert.Equal(P2PStatus.Unauthorized, (await InSession(laptop, () => net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt")))).Status);
        Assert.False(net.Has("user4", "File3.txt"));
        Assert.Equal(P2PStatus.Ok, (await InSession(phone, () => net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt")))).Status);
        Assert.True(net.Has("user4", "File3.txt"));
        Assert.Equal(P2PStatus.NotFound, (await account.EndSessionAsync(laptop)).Status);

        Assert.Equal(P2PStatus.Ok, (await account.EndSessionAsync(phone)).Status);
        Assert.False(await net.Tracker.IsOnlineAsync("user4"));
        Assert.Equal(P2PStatus.Unauthorized, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File1.txt"))).Status);
    }

    [Fact]
    public async Task An_open_session_reconnects_without_a_password_and_an_ended_one_does_not()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        var account = net.Grains.GetPeerAccount(net.Name, "user3");
        var session = (await net.LogInAsync("user3")).SessionId!;

        var resumed = await account.ResumeSessionAsync(session);

        Assert.Equal(P2PStatus.Ok, resumed.Status);
        Assert.Equal(session, resumed.SessionId);
        Assert.True(await net.Tracker.IsOnlineAsync("user3"));
        await account.EndSessionAsync(session);
        Assert.Equal(P2PStatus.Unauthorized, (await account.ResumeSessionAsync(session)).Status);
        Assert.Equal(P2PStatus.Unauthorized, (await account.ResumeSessionAsync(Security.PeerSessions.NewId())).Status);
    }

    /// <summary>Makes the call the way the portal does for a request or circuit event of that session.</summary>
    private static async Task<T> InSession<T>(string sessionId, Func<Task<T>> call)
    {
        SessionContext.Use(sessionId);
        try
        {
            return await call();
        }
        finally
        {
            SessionContext.Use(null);
        }
    }
}

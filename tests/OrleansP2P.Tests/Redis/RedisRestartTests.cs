using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Redis;

/// <summary>
/// README's cluster keeps grain state in Redis with every write on disk (<c>--appendonly yes --appendfsync always</c>).
/// Redis is killed (SIGKILL) while the cluster is down and started again on its folder: nothing is lost.
/// </summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private OwnRedisServer _redis = null!;

    public async Task InitializeAsync() =>
        _redis = await OwnRedisServer.StartAsync(Path.Combine(_dataRoot, "redis"), "--appendonly", "yes", "--appendfsync", "always");

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [RedisServerFact]
    public async Task Accounts_versions_and_holders_survive_a_Redis_crash_and_restart()
    {
        var name = "aof" + Guid.NewGuid().ToString("N")[..8];
        var first = await StartClusterAsync();
        SpecNetwork net;
        long trackerVersion;
        try
        {
            net = await SpecNetwork.SeedAsync(first.Client, FoldersOf(first), name);
            Assert.Equal(P2PStatus.Created, (await net.Tracker.SignUpAsync(new SignUpRequest("user5", "password5"))).Status);
            Assert.Equal(P2PStatus.Ok, (await net.LogInAsync("user4")).Status);
            Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
            Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "File3.txt", "kept by Redis\n", 1)).Status);
            trackerVersion = (await net.Tracker.GetSnapshotAsync()).Version;
        }
        finally
        {
            await StopAsync(first);
        }

        // The last write was acknowledged, then Redis dies without a chance to save anything more, and comes back.
        await _redis.RestartAsync();

        var second = await StartClusterAsync();
        try
        {
            var again = SpecNetwork.Attach(second.Client, FoldersOf(second), name);
            Assert.Equal(P2PStatus.Ok, (await again.LogInAsync("user5", "password5")).Status);
            Assert.Equal(P2PStatus.Unauthorized, (await again.LogInAsync("user5", "wrong-password")).Status);
            Assert.Equal(P2PStatus.Ok, (await again.LogInAsync("user4")).Status);
            var location = (await second.Client.GetFile(name, FileKey.Compute("File3.txt")).LocateAsync()).Location!;
            Assert.Equal(2, location.Version);
            Assert.Equal<string>(["user3", "user4"], location.WholeHolders.Order(StringComparer.Ordinal));
            Assert.Equal(2, (await again.Peer("user4").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
            var snapshot = await again.Tracker.GetSnapshotAsync();
            Assert.Equal(trackerVersion, snapshot.Version);
            Assert.Equal(["user1", "user2", "user3", "user4", "user5"], (await again.Tracker.ListPeersAsync()).Select(p => p.Username));
            Assert.Equal("kept by Redis\n", again.ReadText("user3", "File3.txt"));
        }
        finally
        {
            await StopAsync(second);
        }
    }

    private Task<InProcessTestCluster> StartClusterAsync() =>
        TestClusters.StartAsync(_dataRoot, 1, new Dictionary<string, string?>
        {
            ["P2P:Storage"] = "Redis",
            ["Cluster:Redis"] = _redis.Connection,
        });

    private static PeerFolders FoldersOf(InProcessTestCluster cluster) => cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();

    private static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}

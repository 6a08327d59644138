using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Redis;

/// <summary>
/// The scale-out shape for real: two silo hosts and a client host form one cluster through Redis membership,
/// keep grain state in Redis, and share one data root — exactly what the Silo and WebPortal hosts run.
/// </summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private readonly string _clusterId = "p2p-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await StopQuietlyAsync(host);
        }

        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [RedisFact]
    public async Task Two_silos_and_a_client_share_state_through_Redis_and_it_survives_a_silo_restart()
    {
        var redis = RedisFactAttribute.Connection
            ?? throw new InvalidOperationException($"CI must provide a Redis server in {RedisFactAttribute.Variable}; .ci/run starts one.");

        var siloA = await StartSiloAsync(redis);
        await StartSiloAsync(redis);
        var client = await StartClientAsync(redis, SettingsOf(siloA)["Cluster:GatewayPort"]!);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var folders = siloA.Services.GetRequiredService<PeerFolders>();

        await TestClusters.WaitUntilAsync(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(60), "both silos are active");

        var net = await SpecNetwork.SeedAsync(grains, folders, "redis" + Guid.NewGuid().ToString("N")[..8]);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        Assert.Equal(P2PStatus.Ok, (await net.SaveTextAsync("user4", "File3.txt", "stored in Redis\n", 1)).Status);
        var before = await net.Tracker.GetSnapshotAsync();

        // Restart the first silo: whatever it hosted comes back, from Redis, on either silo.
        await StopQuietlyAsync(siloA);
        _hosts.Remove(siloA);
        await StartSiloAsync(redis);

        var after = await TestClusters.RetryAsync(() => net.Tracker.GetSnapshotAsync());
        Assert.Equal(before.Version, after.Version);
        Assert.True(await TestClusters.RetryAsync(() => net.Tracker.IsOnlineAsync("user4")));
        Assert.Equal(2, (await TestClusters.RetryAsync(() => net.Peer("user3").ListFilesAsync())).Single(f => f.Name == "File3.txt").Version);
        Assert.Equal("stored in Redis\n", net.ReadText("user3", "File3.txt"));
        Assert.Equal($"{FileKey.Compute("File3.txt")} File3.txt full user3,user4", net.RowOf("user1", "File3.txt"));
    }

    private async Task<IHost> StartSiloAsync(string redis)
    {
        var settings = TestClusters.SettingsFor(_dataRoot);
        settings["Cluster:Membership"] = "Redis";
        settings["Cluster:Redis"] = redis;
        settings["Cluster:ClusterId"] = _clusterId;
        settings["P2P:Storage"] = "Redis";
        settings["Cluster:SiloPort"] = FreePort();
        settings["Cluster:GatewayPort"] = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseP2PClustering(builder.Configuration).AddOrleansP2P(builder.Configuration));
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private async Task<IHost> StartClientAsync(string redis, string gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "Redis",
            ["Cluster:Redis"] = redis,
            ["Cluster:ClusterId"] = _clusterId,
            ["Cluster:GatewayPort"] = gatewayPort,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseP2PClustering(builder.Configuration));
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private static IConfiguration SettingsOf(IHost host) => host.Services.GetRequiredService<IConfiguration>();

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            host.Dispose();
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}

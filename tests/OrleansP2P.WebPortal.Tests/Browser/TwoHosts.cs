using System.Net;
using System.Net.Http.Json;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;
using OrleansP2P.WebPortal.Tests.Operations;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Two hosts of one cluster, each a portal co-hosting its silo with a data root of its own: A seeds the demo
/// network (user1..user4 live there), B is home to the peers a test signs up on it. Membership and grain storage
/// are in the Redis server of <see cref="RedisFactAttribute"/>, under a service id of their own. B can be stopped
/// (its silo leaves the cluster, its disk stays) and started again on the same data root.
/// </summary>
internal sealed class TwoHosts : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _cluster;
    private readonly string _dataRootB = Path.Combine(Path.GetTempPath(), "orleansp2p-portal-tests", Guid.NewGuid().ToString("N"));

    private TwoHosts(Dictionary<string, string?> cluster) => _cluster = cluster;

    public PortalFactory A { get; private set; } = null!;

    /// <summary>Host B's portal while it runs; null while it is stopped.</summary>
    public PortalFactory? B { get; private set; }

    public static async Task<TwoHosts> StartAsync()
    {
        var redis = RedisFactAttribute.Connection ?? throw new InvalidOperationException($"CI must set {RedisFactAttribute.Variable}.");
        var id = $"hosts-{Guid.NewGuid():N}";
        var hosts = new TwoHosts(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "Redis",
            ["Cluster:Redis"] = redis,
            ["Cluster:ServiceId"] = id,
            ["Cluster:ClusterId"] = id,
            ["P2P:Storage"] = "Redis",
        });
        hosts.A = await new PortalFactory(hosts.SettingsOf("A", seed: true)).StartAsync();
        await hosts.StartBAsync();
        return hosts;
    }

    public async Task StartBAsync() =>
        B = await new PortalFactory(SettingsOf("B", seed: false)) { DataRoot = _dataRootB, KeepDataRoot = true, HoldsDemoFolders = false }.StartAsync();

    /// <summary>Stops host B's process: its silo leaves the cluster, its peers' folders stay on its disk.</summary>
    public async Task StopBAsync()
    {
        await B!.DisposeAsync();
        B = null;
    }

    public string PathOnB(string user, string storedName) => Path.Combine(_dataRootB, "peers", user, storedName);

    /// <summary>Signs up <paramref name="user"/> (password <c>password</c> + its last digit) homed on host B.</summary>
    public async Task SignUpOnBAsync(string user)
    {
        using var client = new ApiClient(A);
        var reply = await client.Http.PostAsJsonAsync("/api/signup", new { username = user, password = $"password{user[^1]}", host = "B" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await A.DisposeAsync();
        try
        {
            Directory.Delete(_dataRootB, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private Dictionary<string, string?> SettingsOf(string host, bool seed) =>
        new(_cluster) { ["P2P:Host"] = host, ["P2P:SeedDemoData"] = seed ? "true" : "false" };
}

using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Hosting;

namespace OrleansP2P.WebPortal.Tests.Hosting;

/// <summary>
/// The real portal, co-hosting its silo, on real Kestrel at a free loopback port, over a fresh data root
/// seeded with the spec's example network. One instance per test class (or per story that must start clean).
/// </summary>
public sealed class PortalFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataRoot { get; init; } = Path.Combine(Path.GetTempPath(), "orleansp2p-portal-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Leave the data root on disk at dispose, for a second portal to start on (a restart).</summary>
    public bool KeepDataRoot { get; init; }

    public Uri BaseAddress { get; private set; } = null!;

    public string FolderOf(string user) => Path.Combine(DataRoot, "peers", user);

    public string PathIn(string user, string storedName) => Path.Combine(FolderOf(user), storedName);

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Wait at start until user4's folder has its Tracker.txt: false for a second host of a cluster, whose data root
    /// holds none of the demo peers (they are homed on the first host, which seeds).
    /// </summary>
    public bool HoldsDemoFolders { get; init; } = true;

    /// <summary>Services a test puts in place of the portal's (a storage that can be made to fail, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Starts the server and waits until the demo network is seeded.</summary>
    public async Task<PortalFactory> StartAsync()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Grains.GetTracker().ListPeersAsync()).Length < DemoNetwork.Users.Count || (HoldsDemoFolders && !File.Exists(PathIn("user4", "Tracker.txt"))))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The demo network was not seeded within 60 s.");
            }

            await Task.Delay(100);
        }

        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("P2P:DataRoot", DataRoot);
        builder.UseSetting("P2P:SeedDemoData", "true");
        builder.UseSetting("Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => TestServices?.Invoke(services));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (KeepDataRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

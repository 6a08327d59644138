using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansP2P.Hosting;
using OrleansP2P.Storage;

namespace OrleansP2P.Bench.Harness;

/// <summary>
/// One silo in this process, configured exactly as the Silo host is (<see cref="SiloBuilderExtensions.AddOrleansP2P"/>,
/// embedded SQLite grain storage by default), over a fresh data root on the disk being measured. Callers talk to it
/// through the silo's own <see cref="IGrainFactory"/>, as the co-hosted portal does.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host, string dataRoot)
    {
        _host = host;
        DataRoot = dataRoot;
    }

    public string DataRoot { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public PeerFolders Folders => _host.Services.GetRequiredService<PeerFolders>();

    /// <param name="configure">More silo configuration for one scenario (the bench-only <see cref="ServeThrottle"/>, say).</param>
    public static async Task<BenchSilo> StartAsync(BenchOptions options, string name, IDictionary<string, string?>? overrides = null, Action<ISiloBuilder>? configure = null)
    {
        var dataRoot = Path.Combine(options.WorkRoot, name);
        Directory.CreateDirectory(dataRoot);
        var settings = new Dictionary<string, string?>
        {
            ["P2P:DataRoot"] = dataRoot,
            ["P2P:SeedDemoData"] = "false",
            ["P2P:Storage"] = options.Storage,
            ["P2P:MaxFileSizeBytes"] = (2L * 1024 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        // A benchmark must not measure its console: the product logs every login and download at Information.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            // Item 10 runs silos in README's cluster shape (Redis membership); every other figure is one silo alone.
            _ = ClusterSettings.From(configuration).UsesRedis
                ? silo.UseP2PClustering(configuration)
                : silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "orleansp2p-bench", clusterId: "bench-" + name);
            silo.AddOrleansP2P(configuration);
            configure?.Invoke(silo);
        });

        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, dataRoot);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansP2P.Hosting;

namespace OrleansP2P.Tests.Cluster;

/// <summary>Starts an in-process Orleans cluster configured by the product's own <see cref="SiloBuilderExtensions.AddOrleansP2P"/>.</summary>
public static class TestClusters
{
    public const int ChunkSizeBytes = 64 * 1024;

    /// <summary>As small as a chunk, so the tests' files of a few hundred KiB have several pieces.</summary>
    public const int PieceSizeBytes = 64 * 1024;

    public const long MaxFileSizeBytes = 128L * 1024 * 1024;

    public static Dictionary<string, string?> SettingsFor(string dataRoot) => new()
    {
        ["P2P:DataRoot"] = dataRoot,
        ["P2P:SeedDemoData"] = "false",
        ["P2P:ChunkSizeBytes"] = ChunkSizeBytes.ToString(CultureInfo.InvariantCulture),
        ["P2P:PieceSizeBytes"] = PieceSizeBytes.ToString(CultureInfo.InvariantCulture),
        ["P2P:MaxFileSizeBytes"] = MaxFileSizeBytes.ToString(CultureInfo.InvariantCulture),

        // Longer than any wait of a test: a folder story that passes was carried by the watcher's events, not by a rescan.
        ["P2P:RescanInterval"] = "00:10:00",
    };

    /// <param name="configure">More silo configuration for one test (a grain call filter that holds a call, say).</param>
    public static async Task<InProcessTestCluster> StartAsync(string dataRoot, short silos, IDictionary<string, string?>? overrides = null, Action<ISiloBuilder>? configure = null)
    {
        var settings = SettingsFor(dataRoot);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);

        // Stored state is keyed by service id: a restarted cluster must have the same one to find it.
        builder.Options.ServiceId = "orleansp2p";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrleansP2P(configuration);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static string NewDataRoot() => Path.Combine(Path.GetTempPath(), "orleansp2p-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDataRoot(string dataRoot)
    {
        try
        {
            Directory.Delete(dataRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Waits for a condition with a deadline — never a fixed sleep.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }
    /// <summary>
    /// A call that was in flight to the dead silo fails until membership declares it dead; a client retries,
    /// as a real one would. Replies (including refusals) end the retry: only exceptions are retried.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException or SiloUnavailableException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}

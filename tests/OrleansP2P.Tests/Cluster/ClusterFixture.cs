using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Cluster;

/// <summary>
/// A real three-silo Orleans cluster, configured by the same <see cref="SiloBuilderExtensions.AddOrleansP2P"/>
/// as the Silo host and the portal, over a temporary data root. Tests share it and keep apart by network:
/// each test gets a fresh network with its own tracker, peers and folders.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;

    /// <summary>Small chunks, so even the small demo files cross several chunk messages.</summary>
    public const int ChunkSizeBytes = 64 * 1024;

    public const long MaxFileSizeBytes = 128L * 1024 * 1024;

    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), "orleansp2p-tests", Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public PeerFolders Folders { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["P2P:DataRoot"] = DataRoot,
        ["P2P:SeedDemoData"] = "false",
        ["P2P:ChunkSizeBytes"] = ChunkSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["P2P:MaxFileSizeBytes"] = MaxFileSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataRoot);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) => silo.AddOrleansP2P(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Folders = Cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "P2P cluster";
}

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
    public const short SiloCount = 3;

    public const int ChunkSizeBytes = TestClusters.ChunkSizeBytes;

    public const long MaxFileSizeBytes = TestClusters.MaxFileSizeBytes;

    public string DataRoot { get; } = TestClusters.NewDataRoot();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public PeerFolders Folders { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(DataRoot, SiloCount);
        Folders = Cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(DataRoot);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "P2P cluster";
}

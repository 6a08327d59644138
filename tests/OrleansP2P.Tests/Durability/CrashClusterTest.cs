using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// A test with a cluster of its own on a data root of its own, which it may kill and start again on the same data,
/// and a <see cref="PullGate"/> that holds chunk reads so a transfer is provably half-way when the cluster dies.
/// </summary>
public abstract class CrashClusterTest : IAsyncLifetime
{
    protected string DataRoot { get; } = TestClusters.NewDataRoot();

    protected InProcessTestCluster? Cluster { get; set; }

    protected PullGate? Gate { get; set; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Gate?.Release();
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        TestClusters.DeleteDataRoot(DataRoot);
    }

    /// <summary>Kills every silo, as a crash would, and forgets the cluster; <paramref name="cutShort"/> is the call it cut short.</summary>
    protected async Task KillAsync(Task cutShort)
    {
        foreach (var silo in Cluster!.Silos.ToList())
        {
            await Cluster.KillSiloAsync(silo);
        }

        _ = cutShort.ContinueWith(t => t.Exception, TaskScheduler.Default);
        await Cluster.DisposeAsync();
        Cluster = null;
    }

    protected static PeerFolders Folders(InProcessTestCluster cluster) => cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>();
}

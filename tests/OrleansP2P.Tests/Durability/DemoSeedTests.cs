using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>The spec's example appears on first start, and never again over someone's folders.</summary>
public sealed class DemoSeedTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestClusters.DeleteDataRoot(_dataRoot);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task First_start_seeds_user1_to_user4_and_a_later_start_never_overwrites_their_folders()
    {
        var seeded = new Dictionary<string, string?> { ["P2P:SeedDemoData"] = "true", ["P2P:Storage"] = "Memory" };
        var first = await TestClusters.StartAsync(_dataRoot, 1, seeded);
        try
        {
            var tracker = first.Client.GetTracker();
            await TestClusters.WaitUntilAsync(async () => (await tracker.ListPeersAsync()).Length == 4, TimeSpan.FromSeconds(30), "the demo peers exist");
            var rows = (await tracker.GetSnapshotAsync()).Rows.Select(r => $"{r.Name} {r.Layout} {string.Join(',', r.Holders)}");
            Assert.Equal(["File1.txt full user1", "File2.txt 1/2 user2", "File2.txt 2/2 user3", "File3.txt full user3"], rows);
            Assert.Equal(P2PStatus.Ok, (await first.Client.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user2", "password2"))).Status);
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        // The metadata is gone (memory storage), but the folders are not: nothing is seeded over them.
        var file1 = Path.Combine(_dataRoot, "peers", "user1", "File1.txt");
        File.WriteAllText(file1, "user1's own words");
        var second = await TestClusters.StartAsync(_dataRoot, 1, seeded);
        try
        {
            Assert.Empty(await second.Client.GetTracker().ListPeersAsync());
            Assert.Equal("user1's own words", File.ReadAllText(file1));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}

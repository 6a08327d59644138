using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>Peer folders must be reachable from every silo: a silo that cannot reach the data root refuses to start.</summary>
public sealed class DataRootTests : IDisposable
{
    private readonly string _blocker = Path.Combine(Path.GetTempPath(), "orleansp2p-tests", "blocker-" + Guid.NewGuid().ToString("N"));

    public DataRootTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_blocker)!);
        File.WriteAllText(_blocker, "a plain file where a folder should be");
    }

    public void Dispose() => File.Delete(_blocker);

    [Fact]
    public async Task A_silo_that_cannot_reach_the_data_root_fails_loudly_at_start()
    {
        var unreachable = Path.Combine(_blocker, "data");

        var failure = await Record.ExceptionAsync(() => TestClusters.StartAsync(unreachable, 1));

        Assert.NotNull(failure);
        var messages = string.Join(" | ", Flatten(failure));
        Assert.Contains("P2P:DataRoot", messages, StringComparison.Ordinal);
        Assert.Contains(unreachable, messages, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Flatten(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}

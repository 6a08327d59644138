using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansP2P.Hosting;

/// <summary>
/// A silo that cannot reach the data root (the peer folders, shared by every silo of a cluster) must not
/// start: it would activate peers whose folders it cannot see. It fails loudly at start instead.
/// </summary>
internal sealed class DataRootCheck(IOptions<P2POptions> options, ILogger<DataRootCheck> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DataRootCheck), ServiceLifecycleStage.First, Check);

    private Task Check(CancellationToken cancellationToken)
    {
        var root = options.Value.FullDataRoot;
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The data root {root} (P2P:DataRoot) is not reachable or not writable from this silo: {exception.Message}. " +
                "Every silo of a cluster must see the same data root.", exception);
        }

        logger.LogInformation("Data root {Root} is reachable", root);
        return Task.CompletedTask;
    }
}

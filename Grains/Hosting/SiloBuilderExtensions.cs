using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Security;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// The one silo configuration of OrleansP2P, used by the Silo host, the portal's co-hosted silo and the
    /// test cluster alike: options, the services grains call, grain storage and the demo seed. Clustering is
    /// the host's choice.
    /// </summary>
    public static ISiloBuilder AddOrleansP2P(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<P2POptions>()
            .Bind(configuration.GetSection(P2POptions.Section))
            .Validate(o => o.ChunkSizeBytes is > 0 and <= Protocol.ChunkRequest.MaxLength, $"P2P:ChunkSizeBytes must be 1..{Protocol.ChunkRequest.MaxLength}.")
            .Validate(o => o.MaxFileSizeBytes > 0, "P2P:MaxFileSizeBytes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PeerFolders>();
        services.AddSingleton<PeerPasswords>();

        silo.AddMemoryGrainStorage(StorageNames.Metadata);

        if (configuration.GetValue($"{P2POptions.Section}:{nameof(P2POptions.SeedDemoData)}", true))
        {
            silo.AddStartupTask<DemoSeeder>();
        }

        return silo;
    }
}

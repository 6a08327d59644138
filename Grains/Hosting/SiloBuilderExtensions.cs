using OrleansP2P.TrackerText;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansP2P.Diagnostics;
using OrleansP2P.Hosting.Health;
using OrleansP2P.Hosting.Sqlite;
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
            .Validate(o => o.PieceSizeBytes is >= 4096 and <= Protocol.ChunkRequest.MaxLength, $"P2P:PieceSizeBytes must be 4096..{Protocol.ChunkRequest.MaxLength}.")
            .Validate(o => o.MaxFileSizeBytes > 0, "P2P:MaxFileSizeBytes must be positive.")
            .Validate(o => o.PasswordHashIterations >= 1_000, "P2P:PasswordHashIterations must be at least 1000.")
            .Validate(o => o.WatchQuietPeriod >= TimeSpan.Zero, "P2P:WatchQuietPeriod must not be negative.")
            .Validate(o => o.RescanInterval > TimeSpan.Zero, "P2P:RescanInterval must be positive.")
            .ValidateOnStart();
        silo.AddHosts(configuration);
        services.AddSingleton<PeerFolders>();
        services.AddSingleton<ITrackerFileWriter, TrackerFileWriter>();
        services.AddSingleton(sp => new PeerPasswords(sp.GetRequiredService<IOptions<P2POptions>>().Value.PasswordHashIterations));

        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DataRootCheck>();
        services.AddP2PDiagnostics();
        services.AddP2PSiloHealthChecks();
        silo.AddP2PStorage(configuration);

        silo.AddStartupTask<LegacyHomeMigration>();
        silo.AddStartupTask<DeliveryResumer>();
        silo.AddStartupTask<Sync.FolderReconciler>();
        services.AddSingleton<Sync.FolderWatchers>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Sync.FolderWatchers>());
        if (configuration.GetValue($"{P2POptions.Section}:{nameof(P2POptions.SeedDemoData)}", true))
        {
            silo.AddStartupTask<DemoSeeder>();
        }

        return silo;
    }

    /// <summary>
    /// This silo's host: resolved from <c>P2P:Host</c> and the data root's marker (refusing a root of another host),
    /// carried in silo metadata; peers are placed only on silos of their home host.
    /// </summary>
    private static ISiloBuilder AddHosts(this ISiloBuilder silo, IConfiguration configuration)
    {
        var dataRoot = Path.GetFullPath(configuration.GetValue($"{P2POptions.Section}:{nameof(P2POptions.DataRoot)}", new P2POptions().DataRoot)!);
        var host = HostMarker.Resolve(dataRoot, configuration.GetValue<string?>($"{P2POptions.Section}:{nameof(P2POptions.Host)}"), Environment.MachineName);
        silo.UseSiloMetadata(new Dictionary<string, string> { [HostIdentity.MetadataKey] = host });
        silo.Services.AddSingleton(new HostIdentity(host));
        silo.Services.AddSingleton<LiveHosts>();
        silo.Services.AddSingleton<PeerHomes>();
        silo.Services.AddSingleton<HomeAssignment>();
        silo.Services.AddSingleton<LegacyHomes>();
        silo.Services.AddSingleton<TrackerOnEveryHost>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HostJoinWatcher>();
        silo.AddPlacementDirector<HomeHostPlacement, HostPlacementDirector>();
        return silo;
    }

    /// <summary>
    /// Where grain metadata lives (<c>P2P:Storage</c>): <c>Sqlite</c>, the embedded default, in
    /// <c>{DataRoot}/orleansp2p.db</c>; <c>Redis</c>, for a cluster of Silo processes; <c>Memory</c>, gone on restart.
    /// File content is never there: it stays in the peer folders.
    /// </summary>
    private static ISiloBuilder AddP2PStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = configuration.GetValue($"{P2POptions.Section}:Storage", "Sqlite")!;
        switch (storage.ToLowerInvariant())
        {
            case "sqlite":
                // The database defaults to the data root; a test cluster of several hosts in one process points every
                // silo at one shared file instead (P2P:SqliteDirectory), as a real cluster shares Redis.
                var dataRoot = Path.GetFullPath(configuration.GetValue<string?>($"{P2POptions.Section}:SqliteDirectory")
                    ?? configuration.GetValue($"{P2POptions.Section}:{nameof(P2POptions.DataRoot)}", new P2POptions().DataRoot)!);
                var synchronous = configuration.GetValue($"{P2POptions.Section}:SqliteSynchronous", SqliteSynchronous.Normal);
                return silo.AddSqliteGrainStorage(StorageNames.Metadata, dataRoot, synchronous);
            case "redis":
                var redis = ClusterSettings.From(configuration).Redis();
                return silo.AddRedisGrainStorage(StorageNames.Metadata, (OptionsBuilder<RedisStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
                {
                    o.ConfigurationOptions = redis;
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
            case "memory":
                return silo.AddMemoryGrainStorage(StorageNames.Metadata);
            default:
                throw new InvalidOperationException($"P2P:Storage must be Sqlite, Redis or Memory, not '{storage}'.");
        }
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>
/// The embedded default store: Orleans' own ADO.NET grain storage on a SQLite file under the data root,
/// through Microsoft.Data.Sqlite. The provider looks its ADO.NET factory up by invariant name; it accepts
/// "System.Data.SQLite" (not "Microsoft.Data.Sqlite"), so Microsoft.Data.Sqlite's factory is registered under it,
/// wrapped to set <c>PRAGMA synchronous</c> on each connection (<see cref="WalSqliteFactory"/>).
/// </summary>
public static class SqliteGrainStorage
{
    public const string Invariant = "System.Data.SQLite";

    public static string ConnectionStringFor(string dataRoot) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataRoot, "orleansp2p.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Default,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name, string dataRoot, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        DbProviderFactories.RegisterFactory(Invariant, new WalSqliteFactory(synchronous));
        var connectionString = ConnectionStringFor(dataRoot);
        var provider = name + ".AdoNet";
        silo.AddAdoNetGrainStorage(provider, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;

            // Orleans' own serializer, which knows every [GenerateSerializer] state type and immutable collection.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

        // Grains name the store "name"; behind it, the ADO.NET provider gets the writes one at a time.
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new SerializedWritesStorage(services.GetRequiredKeyedService<IGrainStorage>(provider)));

        // The schema must exist before the provider reads its queries at ApplicationServices.
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SqliteSchemaInstaller(connectionString, services.GetRequiredService<ILogger<SqliteSchemaInstaller>>()));
        return silo;
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>Creates (or refreshes) the SQLite schema and the provider's queries at silo start, idempotently.</summary>
public sealed class SqliteSchemaInstaller(string connectionString, ILogger<SqliteSchemaInstaller> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteSchemaInstaller), ServiceLifecycleStage.RuntimeInitialize, InstallAsync);

    public async Task InstallAsync(CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(dataSource))!);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets the silos of one process read while another writes; it is a property of the file, kept across
        // opens. (synchronous is per connection: WalSqliteFactory sets it on the provider's connections.)
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var install = connection.CreateCommand())
        {
            install.Transaction = transaction;
            install.CommandText = Script;
            await install.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Grain storage ready in {Database}", dataSource);
    }

    public static string Script { get; } = ReadScript();

    private static string ReadScript()
    {
        using var stream = typeof(SqliteSchemaInstaller).Assembly.GetManifestResourceStream("OrleansP2P.SqliteGrainStorage.sql")
            ?? throw new InvalidOperationException("The SQLite schema script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

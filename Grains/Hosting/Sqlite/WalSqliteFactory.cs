using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>
/// Microsoft.Data.Sqlite's ADO.NET factory, with one setting applied to every connection it opens:
/// <c>PRAGMA synchronous</c>, which SQLite keeps per connection and no connection-string keyword sets. In WAL
/// mode, <c>NORMAL</c> syncs the log at checkpoints instead of at every commit: a commit survives the process
/// dying, and a power cut can lose only the last commits, never the database's consistency.
/// </summary>
internal sealed class WalSqliteFactory(SqliteSynchronous synchronous) : DbProviderFactory
{
    public override DbConnection CreateConnection() => new Connection(synchronous);

    public override DbCommand CreateCommand() => SqliteFactory.Instance.CreateCommand();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => SqliteFactory.Instance.CreateConnectionStringBuilder();

    public override DbParameter CreateParameter() => SqliteFactory.Instance.CreateParameter();

    private sealed class Connection(SqliteSynchronous synchronous) : SqliteConnection
    {
        private readonly string _pragma = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

        public override void Open()
        {
            base.Open();
            using var command = CreateCommand();
            command.CommandText = _pragma;
            command.ExecuteNonQuery();
        }
    }
}

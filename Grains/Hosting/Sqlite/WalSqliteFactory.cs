using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>
/// Microsoft.Data.Sqlite's ADO.NET factory, with settings applied to every connection it opens, which SQLite keeps
/// per connection and no connection-string keyword sets. <c>cache_size</c>: 64 MiB of pages, not SQLite's 2 MiB (in the
/// soak, SQLite's one writer took longer per write as the database grew, 0.49 → 0.78 ms by 40,000 files, 41 MB of
/// database; docs/benchmarks.md). <c>synchronous</c>: in WAL
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
        private readonly string _pragma = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA cache_size = -65536;";

        public override void Open()
        {
            base.Open();
            using var command = CreateCommand();
            command.CommandText = _pragma;
            command.ExecuteNonQuery();
        }
    }
}

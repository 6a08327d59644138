using Microsoft.Data.Sqlite;
using OrleansP2P.Hosting.Sqlite;

namespace OrleansP2P.Tests.Unit;

public sealed class WalSqliteFactoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));

    public WalSqliteFactoryTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public async Task Every_connection_the_provider_opens_has_the_configured_synchronous_level_and_a_64_MiB_page_cache(SqliteSynchronous level, long pragmaValue)
    {
        var factory = new WalSqliteFactory(level);

        // Twice: the second open reuses the pooled connection, which must not fall back to SQLite's default.
        for (var open = 0; open < 2; open++)
        {
            await using var connection = factory.CreateConnection();
            connection.ConnectionString = SqliteGrainStorage.ConnectionStringFor(_root);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            Assert.Equal(pragmaValue, (long)(await command.ExecuteScalarAsync())!);

            // 64 MiB of page cache (negative: KiB), not SQLite's 2 MiB, on every connection: the one writer reads its B-tree from it.
            command.CommandText = "PRAGMA cache_size;";
            Assert.Equal(-65536L, (long)(await command.ExecuteScalarAsync())!);
        }
    }
}

namespace OrleansP2P.Hosting.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that make sense with its write-ahead log.</summary>
public enum SqliteSynchronous
{
    /// <summary>The log is synced at checkpoints: commits survive a crash of the process; a power cut may lose the last ones.</summary>
    Normal,

    /// <summary>The log is synced at every commit: commits survive a power cut too, at one disk flush each.</summary>
    Full,
}

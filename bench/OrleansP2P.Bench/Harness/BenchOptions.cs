using System.Globalization;

namespace OrleansP2P.Bench.Harness;

/// <summary>What to run and at which scale. <c>--quick</c> shrinks every scale so the whole run takes under two minutes.</summary>
public sealed class BenchOptions
{
    public bool Quick { get; private init; }

    /// <summary>Items of the issue to run (1..13); all by default.</summary>
    public IReadOnlySet<int> Items { get; private init; } = new HashSet<int>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);

    /// <summary>Item 13's rows to run (a..h, as in docs/benchmarks.md); null for all. Rows that share turns run together (a, d; b, c).</summary>
    public IReadOnlySet<char>? Rows { get; private init; }

    /// <summary>Whether item 13's row <paramref name="row"/> runs.</summary>
    public bool RunsRow(char row) => Rows?.Contains(row) != false;

    public string Storage { get; private init; } = "Sqlite";

    /// <summary>Where data roots, copies and scratch files go: the disk being measured.</summary>
    public string WorkRoot { get; private init; } = "";

    /// <summary>Where the report is written; null to print only.</summary>
    public string? ReportPath { get; private init; }

    public int FileMiB { get; private init; }

    public int Repeats { get; private init; }

    public int[] Holders { get; private init; } = [];

    public int FanOutRepeats { get; private init; }

    public int CrowdPeers { get; private init; }

    public int CrowdFiles { get; private init; }

    public int TableFiles { get; private init; }

    public int TableHolders { get; private init; } = 3;

    public bool KeepData { get; private init; }

    /// <summary>Item 8: the soak runs at least this long, and on until the network holds <see cref="SoakFiles"/> files.</summary>
    public int SoakMinutes { get; private init; }

    public int SoakFiles { get; private init; }

    /// <summary>Item 9: how many password logins, and as many session restores.</summary>
    public int SessionLogins { get; private init; }

    /// <summary>Item 11: how many real logins are timed, with no flood and again during the flood.</summary>
    public int FloodLogins { get; private init; }

    /// <summary>The repository (where OrleansP2P.sln is), for a scenario that runs one of its hosts; null outside it.</summary>
    public string? RepositoryRoot { get; private init; }

    /// <summary>Set in the child process that runs the crowd (items 4 and 6) on its own, for a clean RSS.</summary>
    public string? ChildResultPath { get; private init; }

    /// <summary>Set in a child process of item 10: the host it is a Silo of, README's cluster Redis and cluster id.</summary>
    public (string Host, string Redis, string ClusterId)? HostSilo { get; private init; }

    public string Mode => Quick ? "quick" : "full";

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        int Int(string name, int quickValue, int fullValue) =>
            Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : quick ? quickValue : fullValue;

        var repoRoot = FindRepositoryRoot();
        var reportPath = args.Contains("--no-report") ? null
            : Value("--report") ?? (repoRoot is null ? null : Path.Combine(repoRoot, "docs", "benchmarks.md"));
        var workRoot = Value("--work") ?? Path.Combine(Path.GetTempPath(), "orleansp2p-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);

        return new BenchOptions
        {
            Quick = quick,
            Items = Value("--items") is { } items
                ? items.Split(',').Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToHashSet()
                : new HashSet<int>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
            Rows = Value("--rows") is { } rows ? rows.Split(',').Select(r => char.ToLowerInvariant(r.Trim()[0])).ToHashSet() : null,
            Storage = Value("--storage") ?? "Sqlite",
            WorkRoot = workRoot,
            ReportPath = reportPath,
            FileMiB = Int("--file-mib", 64, 256),
            Repeats = Int("--repeats", 3, 7),
            Holders = Value("--holders") is { } holders
                ? [.. holders.Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture))]
                : quick ? [10, 100] : [10, 100, 1000],
            FanOutRepeats = Int("--fanout-repeats", 3, 5),
            CrowdPeers = Int("--peers", 300, 10_000),
            CrowdFiles = Int("--files", 3_000, 100_000),
            TableFiles = Int("--table-files", 100_000, 100_000),
            KeepData = args.Contains("--keep-data"),
            SoakMinutes = Int("--soak-minutes", 1, 5),
            SoakFiles = Int("--soak-files", 0, 10_000),
            SessionLogins = Int("--logins", 300, 10_000),
            FloodLogins = Int("--flood-logins", 20, 100),
            RepositoryRoot = repoRoot,
            ChildResultPath = Value("--child-result"),
            HostSilo = Value("--host-silo") is { } host ? (host, Value("--redis")!, Value("--cluster-id")!) : null,
        };
    }

    /// <summary>The arguments that make a child process run the crowd with the same settings.</summary>
    public IEnumerable<string> ChildArgs(string resultPath)
    {
        if (Quick)
        {
            yield return "--quick";
        }

        foreach (var (name, value) in new[]
        {
            ("--storage", Storage), ("--work", WorkRoot), ("--peers", CrowdPeers.ToString(CultureInfo.InvariantCulture)),
            ("--files", CrowdFiles.ToString(CultureInfo.InvariantCulture)), ("--child-result", resultPath),
        })
        {
            yield return name;
            yield return value;
        }

        yield return "--no-report";
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OrleansP2P.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}

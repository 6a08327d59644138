using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 5: Tracker.txt for F files × 3 holders — render and parse time, allocations and size — with
/// BenchmarkDotNet, against writing and reading the same bytes on the same disk.
/// </summary>
public static class TrackerTextScenario
{
    public static void Run(BenchOptions options, Results results)
    {
        Console.WriteLine($"5. Tracker.txt with {Format.Int(options.TableFiles)} files × {options.TableHolders} holders (BenchmarkDotNet, in process)");
        TrackerTextBenchmarks.Files = options.TableFiles;
        TrackerTextBenchmarks.Holders = options.TableHolders;
        TrackerTextBenchmarks.Scratch = Path.Combine(options.WorkRoot, "tracker-text");
        var job = (options.Quick ? Job.Dry.WithIterationCount(5).WithWarmupCount(1) : Job.Default.WithIterationCount(15).WithWarmupCount(3))
            .WithLaunchCount(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(options.Mode);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(new CompactLogger())
            .WithArtifactsPath(Path.Combine(options.WorkRoot, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<TrackerTextBenchmarks>(config);

        double Median(string method) => Report(summary, method).ResultStatistics!.Median / 1e6;
        long Allocated(string method) => Report(summary, method).GcStats.GetBytesAllocatedPerOperation(Report(summary, method).BenchmarkCase) ?? 0;

        var bytes = TrackerTextBenchmarks.SizeOnDisk(options.TableFiles, options.TableHolders);
        var (render, write, parse, read) = (Median(nameof(TrackerTextBenchmarks.Render)), Median(nameof(TrackerTextBenchmarks.WriteSameBytes)),
            Median(nameof(TrackerTextBenchmarks.Parse)), Median(nameof(TrackerTextBenchmarks.ReadSameFile)));
        results.Add(5, $"Render Tracker.txt, {Format.Int(options.TableFiles)} files × {options.TableHolders} holders",
            $"{Format.Ms(render)} ({Format.MiBps(bytes, TimeSpan.FromMilliseconds(render))}, {Format.Bytes(Allocated(nameof(TrackerTextBenchmarks.Render)))} allocated)",
            $"writing its bytes to disk {Format.Ms(write)}", Format.Ratio(render / write) + " the write");
        results.Add(5, "Parse the same Tracker.txt (every row validated, every key re-hashed)",
            $"{Format.Ms(parse)} ({Format.MiBps(bytes, TimeSpan.FromMilliseconds(parse))}, {Format.Bytes(Allocated(nameof(TrackerTextBenchmarks.Parse)))} allocated)",
            $"File.ReadAllText {Format.Ms(read)}", Format.Ratio(parse / read) + " the read");
        var (before, after) = (Median(nameof(TrackerTextBenchmarks.RoundRenderAndWrite)), Median(nameof(TrackerTextBenchmarks.RoundFromKeptLines)));
        results.Add(5, "A round's Tracker.txt, one row changed, from kept lines (TrackerLines) to disk",
            $"{Format.Ms(after)} ({Format.Bytes(Allocated(nameof(TrackerTextBenchmarks.RoundFromKeptLines)))} allocated)",
            $"render and write the whole table {Format.Ms(before)} ({Format.Bytes(Allocated(nameof(TrackerTextBenchmarks.RoundRenderAndWrite)))} allocated)",
            Format.Ratio(after / before) + $"; writing the bytes alone {Format.Ms(write)}");
        results.Add(5, "Tracker.txt size on disk", $"{Format.Bytes(bytes)} ({Format.Number(bytes / (double)options.TableFiles)} B per file)");
    }

    private static BenchmarkReport Report(Summary summary, string method) =>
        summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    /// <summary>Only BenchmarkDotNet's errors and the final table reach the console.</summary>
    private sealed class CompactLogger : ILogger
    {
        private bool _table;

        public string Id => nameof(CompactLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text)
        {
            if (_table || logKind == LogKind.Error)
            {
                Console.Write(text);
            }
        }

        public void WriteLine()
        {
            if (_table)
            {
                Console.WriteLine();
            }
        }

        public void WriteLine(LogKind logKind, string text)
        {
            _table |= text.Contains("| Method", StringComparison.Ordinal);
            if (_table || logKind == LogKind.Error)
            {
                Console.WriteLine(text);
            }

            _table &= !text.StartsWith("Legend", StringComparison.Ordinal);
        }

        public void Flush()
        {
        }
    }
}

[MemoryDiagnoser]
public class TrackerTextBenchmarks
{
    public static int Files { get; set; } = 100_000;

    public static int Holders { get; set; } = 3;

    public static string Scratch { get; set; } = Path.GetTempPath();

    private TrackerSnapshot _snapshot = TrackerSnapshot.Empty;
    private TrackerSnapshot[] _rounds = [];
    private int _round;
    private readonly TrackerLines _lines = new();
    private string _text = "";
    private byte[] _bytes = [];
    private string _path = "";

    public static TrackerSnapshot Table(int files, int holders) => new(
        42,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        [.. Enumerable.Range(0, files).Select(i =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"file-{i:D6}.dat");
            return new TrackerRow(FileKey.Compute(name), name, null,
                [.. Enumerable.Range(0, holders).Select(h => string.Create(CultureInfo.InvariantCulture, $"peer{(i * 7 + h * 13) % 10_000:D5}"))]);
        })],
        "bench");

    public static long SizeOnDisk(int files, int holders) => Encoding.UTF8.GetByteCount(TrackerFile.Render(Table(files, holders)));

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = Table(Files, Holders);
        _text = TrackerFile.Render(_snapshot);
        _bytes = Encoding.UTF8.GetBytes(_text);
        Directory.CreateDirectory(Scratch);
        _path = Path.Combine(Scratch, "Tracker.txt");
        File.WriteAllBytes(_path, _bytes);

        // Rounds back to back, each changing one row's holders (the same row back and forth): what a round costs
        // once the lines are kept. The first call formats them all; BenchmarkDotNet's warm-up absorbs it.
        var rows = _snapshot.Rows;
        var changed = rows[rows.Length / 2];
        var other = rows.SetItem(rows.Length / 2, changed with { Holders = changed.Holders.Add("peer99999") });
        _rounds = [_snapshot with { Version = 43 }, _snapshot with { Version = 44, Rows = other }];
    }

    [Benchmark]
    public string Render() => TrackerFile.Render(_snapshot);

    /// <summary>A round before <see cref="TrackerLines"/>: the whole table rendered to one string, then written as UTF-8.</summary>
    [Benchmark]
    public void RoundRenderAndWrite() => File.WriteAllText(_path + ".round", TrackerFile.Render(_rounds[_round++ & 1]));

    /// <summary>A round now: one row formatted, every other row's kept line copied to the file.</summary>
    [Benchmark]
    public void RoundFromKeptLines()
    {
        using var file = new FileStream(_path + ".round", FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        _lines.WriteTo(file, _rounds[_round++ & 1]);
    }

    [Benchmark]
    public void WriteSameBytes() => File.WriteAllBytes(_path + ".copy", _bytes);

    [Benchmark]
    public TrackerSnapshot Parse() => TrackerFile.Parse(_text);

    [Benchmark]
    public string ReadSameFile() => File.ReadAllText(_path);
}

using System.Globalization;
using System.Text;

namespace OrleansP2P.Bench.Harness;

/// <summary>Prints the table and writes it into docs/benchmarks.md, between the markers of this run's mode.</summary>
public static class Report
{
    public static void Print(Results results)
    {
        string[] header = ["#", "Figure", "Measured", "Baseline (same run)", "Ratio", "Target", "Met"];
        var rows = results.Rows.Select(r => new[] { r.Item.ToString(CultureInfo.InvariantCulture), r.Figure, r.Value, r.Baseline, r.Ratio, r.Target, Verdict(r.Met) }).ToList();
        var widths = header.Select((h, i) => Math.Min(i == 1 ? 60 : 80, Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max()))).ToArray();
        string Line(string[] cells) => string.Join(" | ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i])));
        Console.WriteLine();
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row));
        }

        Console.WriteLine();
        foreach (var note in results.Notes)
        {
            Console.WriteLine("note " + note);
        }
    }

    public static void Write(string path, BenchOptions options, Machine machine, Results results, TimeSpan elapsed, string command)
    {
        var section = new StringBuilder();
        section.AppendLine(CultureInfo.InvariantCulture, $"### Latest {options.Mode} run — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:0.0} min");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"`{command}`");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine.Cpu}, {machine.Cores} cores, {Format.Bytes(machine.MemoryBytes)} memory; {machine.Os}; {machine.Dotnet} ({machine.Gc} GC); data root on {machine.Disk}; grain storage {options.Storage}.");
        section.AppendLine();
        section.AppendLine("| # | Figure | Measured | Baseline (same run) | Ratio | Target | Met |");
        section.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results.Rows)
        {
            section.AppendLine(CultureInfo.InvariantCulture, $"| {r.Item} | {Cell(r.Figure)} | {Cell(r.Value)} | {Cell(r.Baseline)} | {Cell(r.Ratio)} | {Cell(r.Target)} | {Verdict(r.Met)} |");
        }

        section.AppendLine();
        foreach (var note in results.Notes)
        {
            section.AppendLine("- " + note);
        }

        var begin = $"<!-- bench:{options.Mode}:begin -->";
        var end = $"<!-- bench:{options.Mode}:end -->";
        var document = File.Exists(path) ? File.ReadAllText(path) : DefaultDocument;
        var from = document.IndexOf(begin, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        document = from >= 0 && to > from
            ? document[..(from + begin.Length)] + "\n" + section + document[to..]
            : document.TrimEnd() + "\n\n" + begin + "\n" + section + end + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, document);
        Console.WriteLine($"Wrote {path}");
    }

    private static string Verdict(bool? met) => met switch { true => "yes", false => "**no**", null => "" };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private const string DefaultDocument = "# Benchmarks\n\nWritten by `dotnet run -c Release --project bench/OrleansP2P.Bench` (add `-- --quick` for the short run).\n";
}

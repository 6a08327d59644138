using System.Globalization;

namespace OrleansP2P.Bench.Harness;

/// <summary>One line of the table: a figure, the baseline it was measured against in the same run, their ratio, and the target.</summary>
public sealed record Row(int Item, string Figure, string Value, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>Everything one run measured: rows for the table and notes that explain them.</summary>
public sealed class Results
{
    public List<Row> Rows { get; set; } = [];

    public List<string> Notes { get; set; } = [];

    public void Add(int item, string figure, string value, string baseline = "", string ratio = "", string target = "", bool? met = null)
    {
        Rows.Add(new Row(item, figure, value, baseline, ratio, target, met));
        var verdict = met switch { true => "  [met]", false => "  [MISSED]", null => "" };
        Console.WriteLine($"  {item}. {figure}: {value}{(baseline.Length > 0 ? $" | baseline {baseline}" : "")}{(ratio.Length > 0 ? $" | {ratio}" : "")}{verdict}");
    }

    public void Note(int item, string text)
    {
        Notes.Add($"{item}. {text}");
        Console.WriteLine($"  {item}. note: {text}");
    }

    public void Merge(Results other)
    {
        Rows.AddRange(other.Rows);
        Notes.AddRange(other.Notes);
    }
}

/// <summary>How figures are written: invariant culture, ratios as <c>0.62×</c>.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Ratio(double value) => value.ToString(value >= 100 ? "N0" : value >= 10 ? "0.0" : "0.00", C) + "×";

    public static string Ms(double milliseconds) => milliseconds >= 10_000
        ? (milliseconds / 1000).ToString("0.0", C) + " s"
        : milliseconds >= 100 ? milliseconds.ToString("N0", C) + " ms" : milliseconds.ToString("0.0", C) + " ms";

    public static string Seconds(double seconds) => seconds.ToString(seconds >= 100 ? "N0" : "0.0", C) + " s";

    public static string Us(double microseconds) => microseconds.ToString(microseconds >= 100 ? "N0" : "0.0", C) + " µs";

    public static string MiBps(double bytes, TimeSpan elapsed) => (bytes / 1048576.0 / elapsed.TotalSeconds).ToString("N0", C) + " MiB/s";

    public static string Rate(double count, TimeSpan elapsed, string unit) => Number(count / elapsed.TotalSeconds) + $" {unit}/s";

    public static string Number(double value) => value.ToString(value >= 100 ? "N0" : "0.0", C);

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024.0 * 1024 * 1024 => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", C) + " GiB",
        >= 1024.0 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", C) + " MiB",
        >= 1024.0 => (bytes / 1024.0).ToString("0.0", C) + " KiB",
        _ => bytes.ToString("N0", C) + " B",
    };

    public static string Int(long value) => value.ToString("N0", C);
}

public static class Stats
{
    /// <summary>The lowest and highest of the values, "lo–hi", each as <paramref name="format"/> gives it: the turn-to-turn spread a median hides.</summary>
    public static string Spread(IEnumerable<double> values, Func<double, string> format)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : $"{format(list.Min())}–{format(list.Max())}";
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

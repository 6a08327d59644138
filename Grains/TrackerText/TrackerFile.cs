using System.Globalization;
using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.TrackerText;

/// <summary>
/// The Tracker.txt format: a header line with the tracker version and UTC time, a column line, then one
/// tab-separated row per key and layout — <c>key  name  part  holders</c>, part being <c>full</c> or <c>i/n</c>
/// and holders a comma-separated list. Tabs cannot occur in names, so the format needs no quoting.
/// </summary>
public static class TrackerFile
{
    public const string ColumnsLine = "# key\tname\tpart\tholders";
    private const string HeaderPrefix = "# Tracker.txt version ";

    public static string Render(TrackerSnapshot snapshot)
    {
        var text = new StringBuilder();
        AppendHeader(text, snapshot);
        foreach (var row in InOrder(snapshot.Rows))
        {
            AppendRow(text, row);
        }

        return text.ToString();
    }

    /// <summary>The header and column lines of <paramref name="snapshot"/>, each ending in a line feed.</summary>
    internal static StringBuilder AppendHeader(StringBuilder text, TrackerSnapshot snapshot) =>
        AppendHeader(text, snapshot.Version, snapshot.UpdatedUtc);

    /// <summary>The header and column lines of version <paramref name="version"/>, each ending in a line feed.</summary>
    internal static StringBuilder AppendHeader(StringBuilder text, long version, DateTimeOffset updatedUtc) =>
        text.Append(HeaderPrefix)
            .Append(version.ToString(CultureInfo.InvariantCulture))
            .Append(" updated ")
            .Append(updatedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .Append('\n')
            .Append(ColumnsLine)
            .Append('\n');

    /// <summary>One row's line, ending in a line feed. Only <see cref="TrackerRow.Key"/>, <see cref="TrackerRow.Name"/>,
    /// <see cref="TrackerRow.Part"/> and <see cref="TrackerRow.Holders"/> are written (<see cref="TrackerLines"/> relies on it).</summary>
    internal static StringBuilder AppendRow(StringBuilder text, TrackerRow row) =>
        text.Append(row.Key).Append('\t')
            .Append(row.Name).Append('\t')
            .Append(row.Layout).Append('\t')
            .AppendJoin(',', row.Holders)
            .Append('\n');

    /// <summary>
    /// The rows in Tracker.txt order. The tracker's own snapshots are in order already; sorting 100,000 rows again
    /// would cost more than the render.
    /// </summary>
    internal static IEnumerable<TrackerRow> InOrder(ImmutableArray<TrackerRow> rows) => IsInOrder(rows) ? rows : Order(rows);

    /// <summary>Reads Tracker.txt text back; a malformed line throws a <see cref="FormatException"/> naming the line and the fault.</summary>
    public static TrackerSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var (version, updated) = ParseHeader(lines[0]);

        var rows = ImmutableArray.CreateBuilder<TrackerRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            rows.Add(ParseRow(line, i + 1));
        }

        return new TrackerSnapshot(version, updated, rows.ToImmutable(), "");
    }

    /// <summary>The version a Tracker.txt header line names, or null when the line is not a header.</summary>
    public static long? VersionOf(string? headerLine)
    {
        try
        {
            return headerLine is null ? null : ParseHeader(headerLine).Version;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Rows in the order Tracker.txt lists them: by name, then whole before parts, parts in order.</summary>
    public static IEnumerable<TrackerRow> Order(IEnumerable<TrackerRow> rows) => rows.Order(RowOrder.Instance);

    /// <summary>That order as a comparer (a key and layout is one row: two rows comparing equal are the same row).</summary>
    public static IComparer<TrackerRow> RowComparer => RowOrder.Instance;

    private static bool IsInOrder(ImmutableArray<TrackerRow> rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (RowOrder.Instance.Compare(rows[i - 1], rows[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class RowOrder : IComparer<TrackerRow>
    {
        public static RowOrder Instance { get; } = new();

        public int Compare(TrackerRow? x, TrackerRow? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var order = string.CompareOrdinal(x.Name, y.Name);
            order = order != 0 ? order : string.CompareOrdinal(x.Key, y.Key);
            order = order != 0 ? order : (x.Part?.Count ?? 0).CompareTo(y.Part?.Count ?? 0);
            return order != 0 ? order : (x.Part?.Index ?? 0).CompareTo(y.Part?.Index ?? 0);
        }
    }

    private static (long Version, DateTimeOffset Updated) ParseHeader(string line)
    {
        if (!line.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"Tracker.txt line 1: expected a header '{HeaderPrefix}<n> updated <UTC time>'.");
        }

        var words = line[HeaderPrefix.Length..].Split(' ');
        if (words.Length != 3 || words[1] != "updated" ||
            !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ||
            !DateTimeOffset.TryParseExact(words[2], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
        {
            throw new FormatException($"Tracker.txt line 1: expected a header '{HeaderPrefix}<n> updated <UTC time>'.");
        }

        return (version, updated.ToUniversalTime());
    }

    private static TrackerRow ParseRow(string line, int number)
    {
        var fields = line.Split('\t');
        if (fields.Length != 4)
        {
            throw Fault(number, $"expected 4 tab-separated fields (key, name, part, holders), found {fields.Length}.");
        }

        var (key, name, layout, holderList) = (fields[0], fields[1], fields[2], fields[3]);
        if (!FileKey.IsWellFormed(key))
        {
            throw Fault(number, $"'{key}' is not a key of {FileKey.Length} lowercase hex digits.");
        }

        if (!FileNames.TryValidate(name, out var nameError))
        {
            throw Fault(number, $"invalid file name: {nameError}");
        }

        if (FileKey.Compute(name) != key)
        {
            throw Fault(number, $"the key {key} is not the hash of '{name}'.");
        }

        var part = layout == "full" ? null : ParsePart(layout, number);
        var holders = holderList.Split(',');
        if (holders.Any(h => !Usernames.IsValid(h)))
        {
            throw Fault(number, $"'{holderList}' is not a comma-separated list of usernames.");
        }

        return new TrackerRow(key, name, part, [.. holders]);
    }

    private static PartSpec ParsePart(string layout, int number)
    {
        var slash = layout.IndexOf('/');
        if (slash > 0 &&
            int.TryParse(layout.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            int.TryParse(layout.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) &&
            new PartSpec(index, count) is { IsValid: true } part)
        {
            return part;
        }

        throw Fault(number, $"part '{layout}' is neither 'full' nor 'i/n' with 1 <= i <= n.");
    }

    private static FormatException Fault(int line, string message) => new($"Tracker.txt line {line}: {message}");
}

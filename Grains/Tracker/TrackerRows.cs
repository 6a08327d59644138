using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tracker;

/// <summary>How a file's location becomes Tracker.txt rows: one "full" row for the whole-file holders, one row per part.</summary>
internal static class TrackerRows
{
    public static IEnumerable<TrackerRow> Of(IEnumerable<FileLocation> locations) =>
        TrackerFile.Order(locations.SelectMany(RowsOf));

    private static IEnumerable<TrackerRow> RowsOf(FileLocation location)
    {
        if (!location.WholeHolders.IsEmpty)
        {
            yield return new TrackerRow(location.Key, location.Name, null, location.WholeHolders, location.Size);
        }

        foreach (var part in location.Parts.Where(p => !p.Holders.IsEmpty))
        {
            yield return new TrackerRow(location.Key, location.Name, part.Part, part.Holders, part.Size);
        }
    }
}

internal sealed class TrackerRowComparer : IEqualityComparer<TrackerRow>
{
    public static TrackerRowComparer Instance { get; } = new();

    public bool Equals(TrackerRow? x, TrackerRow? y) =>
        ReferenceEquals(x, y) ||
        (x is not null && y is not null && x.Key == y.Key && x.Name == y.Name && x.Part == y.Part && x.Holders.SequenceEqual(y.Holders));

    public int GetHashCode(TrackerRow row) => HashCode.Combine(row.Key, row.Name, row.Part);
}

using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker table kept in Tracker.txt order and changed in place: the tracker says which keys changed, and the
/// next build replaces only those keys' rows (O(changes · log rows)) instead of sorting every row again. A build
/// then copies the rows once into the snapshot, so a round's cost no longer includes a sort of the whole network.
/// Built at most once per version. Runs on the tracker's turns only.
/// </summary>
internal sealed class TrackerTable
{
    private readonly SortedSet<TrackerRow> _rows = new(TrackerFile.RowComparer);
    private readonly Dictionary<string, TrackerRow[]> _rowsOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Func<string, FileLocation?> _locationOf;
    private TrackerSnapshot? _built;

    /// <param name="locations">Every file as the tracker holds it now.</param>
    /// <param name="locationOf">A file's current report, or null when nobody holds it (read at build time).</param>
    public TrackerTable(IEnumerable<FileLocation> locations, Func<string, FileLocation?> locationOf)
    {
        _locationOf = locationOf;
        foreach (var location in locations)
        {
            Put(location.Key, location);
        }
    }

    /// <summary>
    /// The file <paramref name="key"/> changed; its rows are replaced at the next build. Also for an edit that leaves
    /// Tracker.txt's rows as they were: the rows' sizes (the portal's Size column) changed, so that version is built again.
    /// </summary>
    public void Changed(string key) => _changed.Add(key);

    public TrackerSnapshot Build(long version, DateTimeOffset updated, string change)
    {
        if (_built is { } cached && cached.Version == version && _changed.Count == 0)
        {
            return cached;
        }

        foreach (var key in _changed)
        {
            Put(key, _locationOf(key));
        }

        _changed.Clear();
        return _built = new TrackerSnapshot(version, updated, [.. _rows], change);
    }

    /// <summary>Whether two reports of one file give the same Tracker.txt rows (an edit changes the version, not the rows).</summary>
    public static bool SameRows(FileLocation a, FileLocation b) =>
        TrackerRows.Of([a]).SequenceEqual(TrackerRows.Of([b]), TrackerRowComparer.Instance);

    private void Put(string key, FileLocation? location)
    {
        if (_rowsOf.Remove(key, out var old))
        {
            _rows.ExceptWith(old);
        }

        if (location is not null && TrackerRows.Of([location]).ToArray() is { Length: > 0 } rows)
        {
            _rowsOf[key] = rows;
            _rows.UnionWith(rows);
        }
    }
}

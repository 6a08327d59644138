using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker table kept in Tracker.txt order and changed in place: the tracker says which keys changed, and only
/// those keys' rows are replaced (O(changes · log rows)). A round takes just the changes (<see cref="TakeChanges"/>):
/// each host keeps its own table and applies them. A whole snapshot (the portal, a new peer, a host catching up)
/// copies the rows once, at most once per version. Runs on the tracker's turns only.
/// </summary>
internal sealed class TrackerTable
{
    private readonly SortedSet<TrackerRow> _rows = new(TrackerFile.RowComparer);
    private readonly Dictionary<string, TrackerRow[]> _rowsOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsent = new(StringComparer.Ordinal);
    private long _sent;
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
    public void Changed(string key)
    {
        _changed.Add(key);
        _unsent.Add(key);
    }

    /// <summary>
    /// A round's changes: every file changed since the last changes taken (or the whole table handed out with
    /// <see cref="Sent"/>), with its rows now. O(changes): the hosts keep the table and apply them.
    /// </summary>
    public TrackerChanges TakeChanges(long version, DateTimeOffset updated)
    {
        Flush();
        var files = _unsent.Select(key => new FileRows(key, _rowsOf.TryGetValue(key, out var rows) ? [.. rows] : [])).ToImmutableArray();
        var changes = new TrackerChanges(_sent, version, updated, files);
        _unsent.Clear();
        _sent = version;
        return changes;
    }

    /// <summary>The whole table at <paramref name="version"/> went out to every host: the next changes start there.</summary>
    public void Sent(long version)
    {
        _unsent.Clear();
        _sent = version;
    }

    public TrackerSnapshot Build(long version, DateTimeOffset updated, string change)
    {
        Flush();
        if (_built is { } cached && cached.Version == version)
        {
            return cached;
        }

        return _built = new TrackerSnapshot(version, updated, [.. _rows], change);
    }

    /// <summary>Rows in the table now.</summary>
    public int Count
    {
        get
        {
            Flush();
            return _rows.Count;
        }
    }

    /// <summary>Replaces the changed files' rows (read from the tracker's records now); a built snapshot is then stale.</summary>
    private void Flush()
    {
        if (_changed.Count == 0)
        {
            return;
        }

        foreach (var key in _changed)
        {
            Put(key, _locationOf(key));
        }

        _changed.Clear();
        _built = null;
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

using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker table as a <see cref="TrackerSnapshot"/>, built at most once per version. Sorting 100,000 rows
/// takes long enough to hold up every announcement waiting for the tracker, so it runs on the thread pool over the
/// shards' immutable dictionaries, taken as they are when asked; changes that arrive meanwhile belong to the next version.
/// </summary>
internal sealed class TrackerTable(TrackerShards shards)
{
    private TrackerSnapshot? _built;
    private long _generation;

    public async Task<TrackerSnapshot> BuildAsync(long version, DateTimeOffset updated, string change)
    {
        if (_built is { } cached && cached.Version == version)
        {
            return cached;
        }

        var generation = _generation;
        var files = shards.All.Select(s => s.Files).ToArray();
        var snapshot = await Task.Run(() => new TrackerSnapshot(version, updated, [.. TrackerRows.Of(files.SelectMany(f => f.Values))], change));
        if (generation == _generation && (_built is null || _built.Version < snapshot.Version))
        {
            _built = snapshot;
        }

        return snapshot;
    }

    /// <summary>
    /// An edit that leaves Tracker.txt's rows as they were still changes the rows' sizes: the next snapshot of this
    /// version is built again, so what the portal shows is the file grain's current record.
    /// </summary>
    public void Forget()
    {
        _built = null;
        _generation++;
    }

    /// <summary>Whether two reports of one file give the same Tracker.txt rows (an edit changes the version, not the rows).</summary>
    public static bool SameRows(FileLocation a, FileLocation b) =>
        TrackerRows.Of([a]).SequenceEqual(TrackerRows.Of([b]), TrackerRowComparer.Instance);
}

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

    public async Task<TrackerSnapshot> BuildAsync(long version, DateTimeOffset updated, string change)
    {
        if (_built is { } cached && cached.Version == version)
        {
            return cached;
        }

        var files = shards.All.Select(s => s.Files).ToArray();
        var snapshot = await Task.Run(() => new TrackerSnapshot(version, updated, [.. TrackerRows.Of(files.SelectMany(f => f.Values))], change));
        if (_built is null || _built.Version < snapshot.Version)
        {
            _built = snapshot;
        }

        return snapshot;
    }

    /// <summary>Whether two reports of one file give the same Tracker.txt rows (an edit changes the version, not the rows).</summary>
    public static bool SameRows(FileLocation a, FileLocation b) =>
        TrackerRows.Of([a]).SequenceEqual(TrackerRows.Of([b]), TrackerRowComparer.Instance);
}

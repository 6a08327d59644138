using OrleansP2P.Peers;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Sync;

/// <summary>
/// The entries one reading of a peer's folder looks at. The start, the user's rescan, the periodic and the overflow
/// readings list the whole folder. A reading after the watcher's events looks at the names they named and, for each,
/// at the copy the peer already holds under the same key (so a second copy of a key is judged against the first
/// exactly as the whole listing would judge it): its cost is that of the change, not of the folder, which grows
/// with the network. A held copy is taken for gone only when the reading covers its name.
/// </summary>
public sealed class FolderReading
{
    private readonly IReadOnlySet<string>? _names;

    private FolderReading(IReadOnlyList<StoredFile> present, IReadOnlyList<string> unsharable, IReadOnlySet<string>? names)
    {
        Present = present;
        Unsharable = unsharable;
        _names = names;
    }

    /// <summary>The shared files found: whole files first, then parts, each by stored name (the first copy of a key wins).</summary>
    public IReadOnlyList<StoredFile> Present { get; }

    /// <summary>Names found that are not shared because they are not valid file names.</summary>
    public IReadOnlyList<string> Unsharable { get; }

    public bool IsWhole => _names is null;

    /// <summary>True when this reading looked at <paramref name="storedName"/>, so its absence from <see cref="Present"/> means it is gone.</summary>
    public bool Covers(string storedName) => _names is null || _names.Contains(storedName);

    /// <summary>
    /// The copies in <paramref name="table"/> (the peer's, by key) whose stored name this reading covers: the ones
    /// that are gone when absent from <see cref="Present"/>. A reading of a few names looks up the keys of those
    /// names, so its cost is that of the change, not of the files the peer holds; a whole reading covers every copy.
    /// </summary>
    public IEnumerable<KeyValuePair<string, HeldFile>> HeldCopiesIn(IReadOnlyDictionary<string, HeldFile> table)
    {
        if (_names is null)
        {
            foreach (var entry in table)
            {
                yield return entry;
            }

            yield break;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _names)
        {
            if (FileNames.TryParseStored(name, out var fileName, out _) && FileKey.Compute(fileName) is var key && keys.Add(key) &&
                table.TryGetValue(key, out var held) && _names.Contains(held.StoredName))
            {
                yield return new(key, held);
            }
        }
    }

    /// <summary>Reads the whole folder (<paramref name="names"/> null), or only <paramref name="names"/> and the held copies of their keys.</summary>
    public static FolderReading Of(IFolderEntries folder, IgnoredNames ignored, IEnumerable<string>? names, IReadOnlyDictionary<string, HeldFile> table)
    {
        if (names is null)
        {
            return new(Ordered(folder.Scan(ignored)), folder.FindUnsharableNames(ignored), null);
        }

        var scope = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!PeerFolder.IsPlainName(name) || !PeerFolder.IsCandidate(name, ignored))
            {
                continue;
            }

            scope.Add(name);
            if (FileNames.TryParseStored(name, out var fileName, out _) && table.TryGetValue(FileKey.Compute(fileName), out var held))
            {
                scope.Add(held.StoredName);
            }
        }

        var present = new List<StoredFile>();
        var unsharable = new List<string>();
        foreach (var name in scope)
        {
            if (folder.Find(name) is { } stored)
            {
                present.Add(stored);
            }
            else if (!FileNames.TryParseStored(name, out _, out _) && folder.Contains(name))
            {
                unsharable.Add(name);
            }
        }

        return new(Ordered(present), unsharable, scope);
    }

    private static List<StoredFile> Ordered(IEnumerable<StoredFile> found) =>
        [.. found.OrderBy(s => s.Part is null ? 0 : 1).ThenBy(s => s.StoredName, StringComparer.Ordinal)];
}

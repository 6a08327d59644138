using System.Globalization;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Sync;

/// <summary>
/// A holder's version history in its work area: <c>.p2p/history/&lt;key&gt;/v&lt;version&gt;</c> (a whole copy) or
/// <c>v&lt;version&gt;.part&lt;i&gt;of&lt;n&gt;</c> (a part), each the bytes the holder had before an update replaced them
/// or before it removed its copy. Entries move in by rename (same file system, no copy) and are stamped with the
/// time they were kept. Retention: the last <c>P2P:KeepVersions</c> per file, and at most <c>P2P:HistoryBudget</c>
/// bytes per peer, the oldest kept going first.
/// <para>
/// Keeping a version costs O(that file's versions), not O(everything the peer has kept): the bytes kept are counted
/// once per instance and then carried along, and the whole history is read again only when the count says the budget
/// is crossed. A count that drifts (an entry deleted by hand) only ever overstates, so it costs a recount, never the
/// budget.
/// </para>
/// </summary>
public sealed class VersionHistory(PeerFolder folder, int keepVersions, long budgetBytes)
{
    public const string DirectoryName = "history";

    private readonly Lock _lock = new();

    /// <summary>The bytes kept, as counted by the last whole reading plus what was added and taken out since; null until counted.</summary>
    private long? _keptBytes;

    /// <summary>How many times the whole history was read to count or trim it (so a test can see an edit does not).</summary>
    public int WholeReadings { get; private set; }

    /// <summary>The folder this history belongs to (a peer whose folder moves gets a new history).</summary>
    public string FolderPath => folder.Path;

    private string Root => Path.Combine(folder.WorkDirectory, DirectoryName);

    /// <summary>Moves the folder's <paramref name="storedName"/> (version <paramref name="version"/> of <paramref name="key"/>) into the history: a removed copy.</summary>
    public void Keep(string storedName, string key, long version, PartSpec? part) =>
        Add(key, version, part, target => File.Move(folder.PathOf(storedName), target, overwrite: true));

    /// <summary>
    /// Keeps the folder's <paramref name="storedName"/> in the history while it stays in the folder, for a version about to
    /// be replaced by rename: a second hard link to the same bytes where the file system allows (no copy, and the folder
    /// never shows the file missing), a copy otherwise.
    /// </summary>
    public void Preserve(string storedName, string key, long version, PartSpec? part) =>
        Add(key, version, part, target =>
        {
            File.Delete(target);
            if (OperatingSystem.IsWindows() || HardLink.Create(folder.PathOf(storedName), target) != 0)
            {
                File.Copy(folder.PathOf(storedName), target, overwrite: true);
            }
        });

    private void Add(string key, long version, PartSpec? part, Action<string> place)
    {
        if (!FileKey.IsWellFormed(key) || version <= 0)
        {
            return;
        }

        var directory = Path.Combine(Root, key);
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, EntryName(version, part));
        lock (_lock)
        {
            var replaced = File.Exists(target) ? new FileInfo(target).Length : 0;
            place(target);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            if (_keptBytes is { } kept)
            {
                _keptBytes = kept - replaced + new FileInfo(target).Length;
            }

            TrimVersionsOf(key);
            if (_keptBytes is null || _keptBytes > budgetBytes)
            {
                TrimToBudget();
            }
        }
    }

    /// <summary>The versions of <paramref name="key"/> this holder keeps, whole or as a part, oldest first.</summary>
    public IReadOnlyList<(long Version, PartSpec? Part, long Size)> List(string key)
    {
        var directory = Path.Combine(Root, key);
        if (!FileKey.IsWellFormed(key) || !Directory.Exists(directory))
        {
            return [];
        }

        return [.. new DirectoryInfo(directory).EnumerateFiles()
            .Select(f => TryParse(f.Name, out var version, out var part) ? (version, part, f.Length) : (0L, (PartSpec?)null, 0L))
            .Where(e => e.Item1 > 0)
            .OrderBy(e => e.Item1)];
    }

    /// <summary>The path of the whole copy of <paramref name="version"/>, or null when this holder does not keep it whole.</summary>
    public string? WholePathOf(string key, long version)
    {
        if (!FileKey.IsWellFormed(key))
        {
            return null;
        }

        var path = Path.Combine(Root, key, EntryName(version, null));
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Up to <paramref name="length"/> bytes at <paramref name="offset"/> of the whole copy of <paramref name="version"/>
    /// (fewer only at its end), or null when this holder does not keep it whole.
    /// </summary>
    public async Task<byte[]?> ReadChunkAsync(string key, long version, long offset, int length, CancellationToken cancellationToken = default)
    {
        if (WholePathOf(key, version) is not { } path)
        {
            return null;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            return await FileChunks.ReadAsync(handle, offset, length, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Pruned between the look and the read.
            return null;
        }
    }

    /// <summary>Drops all but the newest <c>keepVersions</c> of one file: a reading of that file's entries alone.</summary>
    private void TrimVersionsOf(string key)
    {
        var directory = Path.Combine(Root, key);
        if (!FileKey.IsWellFormed(key) || !Directory.Exists(directory))
        {
            return;
        }

        var excess = new DirectoryInfo(directory).EnumerateFiles()
            .Select(f => (File: f, Version: TryParse(f.Name, out var v, out _) ? v : 0))
            .OrderByDescending(e => e.Version)
            .Skip(Math.Max(0, keepVersions));
        foreach (var (file, _) in excess)
        {
            var length = file.Length;
            file.Delete();
            _keptBytes -= length;
        }
    }

    /// <summary>Counts every entry afresh and drops the oldest kept until the total is within the budget.</summary>
    private void TrimToBudget()
    {
        WholeReadings++;
        var entries = Directory.Exists(Root)
            ? new DirectoryInfo(Root).EnumerateDirectories().SelectMany(d => d.EnumerateFiles()).ToList()
            : [];
        var total = entries.Sum(e => e.Length);
        foreach (var entry in entries.OrderBy(e => e.LastWriteTimeUtc))
        {
            if (total <= budgetBytes)
            {
                break;
            }

            total -= entry.Length;
            entry.Delete();
        }

        _keptBytes = total;
    }

    private static string EntryName(long version, PartSpec? part) =>
        part is null ? string.Create(CultureInfo.InvariantCulture, $"v{version}") : string.Create(CultureInfo.InvariantCulture, $"v{version}.part{part.Index}of{part.Count}");

    private static bool TryParse(string name, out long version, out PartSpec? part)
    {
        part = null;
        version = 0;
        if (!name.StartsWith('v'))
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && FileNames.TryParseStored("x" + name[dot..], out _, out part) && part is null)
        {
            return false;
        }

        return long.TryParse(dot > 0 ? name[1..dot] : name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }
}

/// <summary>link(2): a second name for the same bytes, on the same file system.</summary>
internal static class HardLink
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    internal static extern int Create([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string existing, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string link);
}

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
/// </summary>
public sealed class VersionHistory(PeerFolder folder, int keepVersions, long budgetBytes)
{
    public const string DirectoryName = "history";

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
        place(target);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        Prune(key);
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

    /// <summary>Applies the retention: the newest <c>keepVersions</c> of <paramref name="key"/>, then the budget over every file.</summary>
    public void Prune(string? key = null)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        var entries = new DirectoryInfo(Root).EnumerateDirectories()
            .SelectMany(d => d.EnumerateFiles().Select(f => (Key: d.Name, File: f, Version: TryParse(f.Name, out var v, out _) ? v : 0)))
            .ToList();
        var excess = entries.GroupBy(e => e.Key).Where(g => key is null || g.Key == key)
            .SelectMany(g => g.OrderByDescending(e => e.Version).Skip(Math.Max(0, keepVersions)))
            .ToList();
        foreach (var entry in excess)
        {
            entry.File.Delete();
            entries.Remove(entry);
        }

        var total = entries.Sum(e => e.File.Length);
        foreach (var entry in entries.OrderBy(e => e.File.LastWriteTimeUtc))
        {
            if (total <= budgetBytes)
            {
                break;
            }

            total -= entry.File.Length;
            entry.File.Delete();
        }
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

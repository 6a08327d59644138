using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.TrackerText;

/// <summary>
/// Puts a tracker version into peer folders as Tracker.txt without writing the table once per peer: the version
/// is rendered and written once, read-only, to <c>{network root}/.tracker/</c>, and each peer's Tracker.txt
/// becomes a hard link to that file, swapped in by rename. A round over 10,000 peers then costs 10,000 links
/// instead of 10,000 copies of a table that lists 10,000 files. Where a link cannot be made (another file
/// system, Windows, too many links) the peer gets its own copy, exactly as before. One instance per process
/// (inside <see cref="TrackerFileWriter"/>): it remembers which versions it wrote.
/// </summary>
public sealed class SharedTrackerFile
{
    public const string DirectoryName = ".tracker";

    /// <summary>How many versions stay on disk for late pushes; older ones are deleted (peers keep their links).</summary>
    private const int KeptVersions = 2;

    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Versions = new(StringComparer.Ordinal);

    /// <summary>The text of a snapshot, rendered once however many peers of this silo are handed the same instance.</summary>
    private readonly ConditionalWeakTable<TrackerSnapshot, string> Rendered = new();

    /// <summary>Replaces the folder's Tracker.txt with <paramref name="snapshot"/>, by link when it can.</summary>
    public Task WriteAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot) =>
        WriteAsync(folder, networkRoot, TableText.Of(snapshot), snapshot);

    /// <summary>Replaces the folder's Tracker.txt with <paramref name="table"/>, by link when it can.</summary>
    /// <param name="snapshot">The snapshot <paramref name="table"/> was made of, if any: a copy of its own is rendered once per snapshot.</param>
    public async Task WriteAsync(PeerFolder folder, string networkRoot, TableText table, TrackerSnapshot? snapshot = null)
    {
        if (CanLink && await VersionFileAsync(Path.Combine(networkRoot, DirectoryName), table) is { } shared)
        {
            // No directory check first: a push to every peer a round is one link and one rename each, and a
            // folder without its work area simply fails the link and gets a copy (which creates it).
            var temp = Path.Combine(folder.WorkDirectory, $"tracker-{Guid.NewGuid():N}.lnk");
            if (Link(shared, temp))
            {
                File.Move(temp, folder.PathOf(FileNames.TrackerFileName), overwrite: true);
                return;
            }

            // Deleted by another silo's pruning, say: the next peer writes it again.
            if (!File.Exists(shared))
            {
                Versions.TryRemove(shared, out _);
            }
        }

        await folder.WriteTrackerAsync(snapshot is null ? table.Render() : Rendered.GetValue(snapshot, _ => table.Render()));
    }

    /// <summary>The read-only file holding this version, written once per process (and idempotently across processes).</summary>
    private Task<string?> VersionFileAsync(string directory, TableText table)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"Tracker-{table.Version}-{table.UpdatedUtc.UtcTicks}.txt"));
        return Versions.GetOrAdd(path, p => new Lazy<Task<string?>>(() => WriteVersionFileAsync(directory, p, table))).Value;
    }

    private async Task<string?> WriteVersionFileAsync(string directory, string path, TableText table)
    {
        try
        {
            if (!File.Exists(path))
            {
                // Every peer's Tracker.txt is this very file: nobody may change it in place.
                await AtomicFile.WriteAsync(path, stream => Task.Run(() => table.WriteTo(stream)), readOnly: true);
            }

            Prune(directory, path);
            return path;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes all but the newest versions; a peer still linking an older one falls back to its own copy.</summary>
    private void Prune(string directory, string keep)
    {
        var old = new DirectoryInfo(directory).EnumerateFiles("Tracker-*.txt")
            .Where(f => f.FullName != keep)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Skip(KeptVersions - 1);
        foreach (var file in old)
        {
            Versions.TryRemove(file.FullName, out _);
            try
            {
                file.Delete();
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool CanLink => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    private static bool Link(string existing, string link) => CanLink && Native.link(existing, link) == 0;

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA2101 // a plain libc call; paths are marshalled as UTF-8 on Unix
        public static extern int link(string oldpath, string newpath);
#pragma warning restore SYSLIB1054, CA2101
    }
}

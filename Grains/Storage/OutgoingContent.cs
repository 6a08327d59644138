using System.Globalization;
using System.Runtime.InteropServices;
using OrleansP2P.Sync;

namespace OrleansP2P.Storage;

/// <summary>
/// A publisher's durable copies of the versions it hands out, <c>.p2p/out-&lt;key&gt;-v&lt;version&gt;.dat</c>. The copy
/// is on disk (fsynced, renamed into place, its directory fsynced) before the file grain records the version, so a
/// crash at any point after that leaves the new content where pending holders can pull it, even when the publisher's
/// own copy never got renamed into its folder. Kept until no holder is pending, then deleted.
/// </summary>
/// <remarks>
/// Where the file system allows, the copy is a second name for the content's own bytes (a hard link), not a second
/// write of them: a 4 KiB edit of a 256 MiB file then flushes 4 KiB, not 256 MiB. The price: the user's next edit
/// <em>in place</em> of that file also changes the outgoing copy (an editor that saves by rename does not). No reader
/// takes such bytes: every piece, and every file without pieces as a whole, is checked against the version's digest,
/// so the pieces that changed fail there and the holder stays pending until the edit is published as the next version.
/// </remarks>
public sealed class OutgoingContent(string workDirectory)
{
    private const string Prefix = "out-";
    private const string Suffix = ".dat";

    public string PathOf(string key, long version) =>
        Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{key}-v{version}{Suffix}"));

    public bool Has(string key, long version) => File.Exists(PathOf(key, version));

    /// <summary>Tests only: awaited after <see cref="WriteAsync"/> linked or copied its source, with the source's path.</summary>
    internal Func<string, Task>? AfterCopy { get; init; }

    /// <summary>
    /// Makes <paramref name="sourcePath"/> version <paramref name="version"/>'s outgoing content: linked (or, on a
    /// file system without links, copied) under a staging name (swept at start if a crash cuts it short), flushed, and
    /// only then given its own name.
    /// </summary>
    public async Task WriteAsync(string key, long version, string sourcePath, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(workDirectory);
        var staging = Path.Combine(workDirectory, $"in-{Guid.NewGuid():N}.tmp");
        try
        {
            if (!OperatingSystem.IsWindows() && HardLink.Create(sourcePath, staging) == 0)
            {
                // Only the pages the edit dirtied are written here: the rest of the file is on disk already.
                using var linked = File.OpenHandle(staging, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                RandomAccess.FlushToDisk(linked);
            }
            else
            {
                await CopyAsync(sourcePath, staging, cancellationToken);
            }

            File.Move(staging, PathOf(key, version), overwrite: true);
            FlushDirectory(workDirectory);
        }
        finally
        {
            File.Delete(staging);
        }

        if (AfterCopy is { } hook)
        {
            await hook(Path.GetFullPath(sourcePath));
        }
    }

    private static async Task CopyAsync(string sourcePath, string staging, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        await using var target = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await source.CopyToAsync(target, 1 << 20, cancellationToken);
        target.Flush(flushToDisk: true);
    }

    /// <summary>Up to <paramref name="length"/> bytes at <paramref name="offset"/> of a version's content, or null when there is none.</summary>
    public async Task<byte[]?> ReadChunkAsync(string key, long version, long offset, int length, CancellationToken cancellationToken = default)
    {
        SafeFileHandleReader? reader;
        try
        {
            reader = new SafeFileHandleReader(PathOf(key, version));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (reader)
        {
            return await reader.ReadAsync(offset, length, cancellationToken);
        }
    }

    /// <summary>The versions of <paramref name="key"/> (or of every key) held here, oldest first.</summary>
    public IReadOnlyList<(string Key, long Version)> List(string? key = null)
    {
        if (!Directory.Exists(workDirectory))
        {
            return [];
        }

        var found = new List<(string, long)>();
        foreach (var path in Directory.EnumerateFiles(workDirectory, Prefix + (key ?? "*") + "-v*" + Suffix))
        {
            var name = Path.GetFileName(path);
            var body = name[Prefix.Length..^Suffix.Length];
            var dash = body.LastIndexOf("-v", StringComparison.Ordinal);
            if (dash > 0 && long.TryParse(body[(dash + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                found.Add((body[..dash], version));
            }
        }

        return [.. found.OrderBy(f => f.Item1, StringComparer.Ordinal).ThenBy(f => f.Item2)];
    }

    /// <summary>Deletes the content of <paramref name="key"/> at <paramref name="upToVersion"/> and every older version; returns how many went.</summary>
    public int DeleteUpTo(string key, long upToVersion)
    {
        var deleted = 0;
        foreach (var (_, version) in List(key).Where(v => v.Version <= upToVersion))
        {
            File.Delete(PathOf(key, version));
            deleted++;
        }

        return deleted;
    }

    /// <summary>Bytes held as outgoing content.</summary>
    public long Bytes() => List().Sum(v => new FileInfo(PathOf(v.Key, v.Version)) is { Exists: true } info ? info.Length : 0);

    /// <summary>A rename is durable only once its directory is: fsync the directory (POSIX; Windows has no equivalent need).</summary>
    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>Random-access reads that tolerate the file being deleted meanwhile (a release racing a pull).</summary>
    private sealed class SafeFileHandleReader(string path) : IDisposable
    {
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle =
            File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);

        public Task<byte[]> ReadAsync(long offset, int length, CancellationToken cancellationToken) =>
            FileChunks.ReadAsync(_handle, offset, length, cancellationToken);

        public void Dispose() => _handle.Dispose();
    }
}

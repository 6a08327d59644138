using System.Security.Cryptography;
using OrleansP2P.Protocol;

namespace OrleansP2P.Storage;

/// <summary>
/// A peer's folder on disk: the shared files (whole or <c>name.partIofN</c>), Tracker.txt, and a hidden
/// <c>.p2p</c> work area for downloads and uploads in progress. Every write lands by rename, so a crash
/// never leaves a half-written file where a peer or a user would read it.
/// </summary>
public sealed class PeerFolder : IFolderEntries
{
    internal const string WorkDirectoryName = ".p2p";

    public PeerFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        WorkDirectory = System.IO.Path.Combine(Path, WorkDirectoryName);
    }

    public string Path { get; }

    internal string WorkDirectory { get; }

    public bool Exists => Directory.Exists(Path);

    /// <summary>
    /// Tests only: awaited once a file of this folder has been copied as a version's outgoing content, with the file's
    /// path: a slow writer resuming right after a reading read its file, before the reading publishes it.
    /// </summary>
    internal Func<string, Task>? AfterCopiedOut { get; init; }

    /// <summary>The folder marker's name in the work area: its id says this is the very folder the peer shares.</summary>
    public const string MarkerName = "folder-id";

    private string MarkerPath => System.IO.Path.Combine(WorkDirectory, MarkerName);

    /// <summary>True when the hidden work area is there (every folder made at sign-up has one).</summary>
    public bool HasWorkArea => Directory.Exists(WorkDirectory);

    /// <summary>The id in the folder's marker <c>.p2p/folder-id</c>, or null when there is none.</summary>
    public string? ReadMarker()
    {
        try
        {
            return File.ReadAllText(MarkerPath).Trim() is { Length: > 0 } id ? id : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes the folder marker (at sign-up, or adopting a folder made before markers), durably and by rename.</summary>
    public void WriteMarker(string id)
    {
        EnsureWorkArea();
        var temp = System.IO.Path.Combine(WorkDirectory, $"marker-{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(id + "\n"));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, MarkerPath, overwrite: true);
    }

    /// <summary>The durable copies of versions this peer is publishing (<c>out-*.dat</c>): not staging, never swept at start.</summary>
    public OutgoingContent Outgoing => new(WorkDirectory) { AfterCopy = AfterCopiedOut };

    public PartialDownloads Partials => new(this, WorkDirectory);

    /// <summary>Creates the folder: at sign-up only.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(WorkDirectory);
    }

    /// <summary>
    /// The work area of a folder that exists. A folder that has gone missing is never made again here: on the
    /// wrong host it would be an empty folder on the wrong disk, so the peer answers 503 instead.
    /// </summary>
    private void EnsureWorkArea()
    {
        if (!Exists)
        {
            throw new DirectoryNotFoundException($"The peer folder {Path} does not exist or is not reachable.");
        }

        Directory.CreateDirectory(WorkDirectory);
    }

    /// <summary>The shared files in the folder; Tracker.txt, hidden entries, unrecognised and ignored names are skipped.</summary>
    public IReadOnlyList<StoredFile> Scan(Sync.IgnoredNames? ignored = null)
    {
        if (!Exists)
        {
            return [];
        }

        var found = new List<StoredFile>();
        foreach (var info in new DirectoryInfo(Path).EnumerateFiles())
        {
            if (!IsCandidate(info.Name, ignored) ||
                !FileNames.TryParseStored(info.Name, out var name, out var part))
            {
                continue;
            }

            found.Add(new StoredFile(info.Name, name, part, info.Length, info.LastWriteTimeUtc));
        }

        return found;
    }

    /// <summary>The names in the folder that are not shared because they are not valid file names.</summary>
    public IReadOnlyList<string> FindUnsharableNames(Sync.IgnoredNames? ignored = null) =>
        !Exists ? [] :
        [.. new DirectoryInfo(Path).EnumerateFiles()
            .Select(f => f.Name)
            .Where(n => IsCandidate(n, ignored) && !FileNames.TryParseStored(n, out _, out _))];

    /// <summary>
    /// False for what a folder holds besides shared files: hidden entries (the work area among them), Tracker.txt
    /// and names the configured patterns ignore (editors' temporary files).
    /// </summary>
    public static bool IsCandidate(string name, Sync.IgnoredNames? ignored) =>
        !name.StartsWith('.') &&
        !string.Equals(name, FileNames.TrackerFileName, StringComparison.OrdinalIgnoreCase) &&
        ignored?.IsIgnored(name) != true;

    public bool Contains(string storedName) => IsPlainName(storedName) && File.Exists(PathOf(storedName));

    public StoredFile? Find(string storedName)
    {
        var info = new FileInfo(PathOf(storedName));
        return info.Exists && FileNames.TryParseStored(info.Name, out var name, out var part)
            ? new StoredFile(info.Name, name, part, info.Length, info.LastWriteTimeUtc)
            : null;
    }

    public async Task<string> ComputeSha256Async(string storedName, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenRead(storedName);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Reads up to <paramref name="length"/> bytes at <paramref name="offset"/>; fewer only at the end of the file.</summary>
    public async Task<byte[]> ReadChunkAsync(string storedName, long offset, int length, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        return await FileChunks.ReadAsync(handle, offset, length, cancellationToken);
    }

    public Stream OpenRead(string storedName) =>
        new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);

    /// <summary>Starts a new file in the work area; it appears under its name only on <see cref="IncomingFile.CommitAsync"/>.</summary>
    /// <param name="hashWhole">False when every piece is verified against a piece list (see <see cref="IncomingFile"/>).</param>
    public IncomingFile BeginIncoming(bool hashWhole = true)
    {
        EnsureWorkArea();
        return new IncomingFile(this, System.IO.Path.Combine(WorkDirectory, $"in-{Guid.NewGuid():N}.tmp"), hashWhole: hashWhole);
    }

    /// <summary>Continues (or starts) an upload the user is sending in chunks; <paramref name="uploadId"/> names it.</summary>
    public IncomingFile OpenUpload(string uploadId)
    {
        if (!IsSafeToken(uploadId))
        {
            throw new ArgumentException("An upload id is 1 to 64 letters, digits, '-' or '_'.", nameof(uploadId));
        }

        EnsureWorkArea();
        return new IncomingFile(this, System.IO.Path.Combine(WorkDirectory, $"up-{uploadId}.tmp"), append: true);
    }

    /// <summary>Deletes an upload's staged bytes, if there are any.</summary>
    public void DiscardUpload(string uploadId)
    {
        if (IsSafeToken(uploadId))
        {
            File.Delete(System.IO.Path.Combine(WorkDirectory, $"up-{uploadId}.tmp"));
        }
    }

    /// <summary>The bytes staged in the work area by uploads and downloads in progress or cut short (what the budget counts).</summary>
    public long StagedBytes() =>
        Directory.Exists(WorkDirectory)
            ? new DirectoryInfo(WorkDirectory).EnumerateFiles("*.tmp").Where(f => f.Name.StartsWith("up-", StringComparison.Ordinal) || f.Name.StartsWith("in-", StringComparison.Ordinal) || f.Name.StartsWith(PartialDownloads.Prefix, StringComparison.Ordinal)).Sum(f => f.Length)
            : 0;

    /// <summary>
    /// At the peer's start nothing of it is in progress, so every staged upload and download left by a crash or
    /// an abandoned client goes (and stale Tracker.txt temp files); durable outgoing content is not staging and stays.
    /// </summary>
    public int SweepStaging()
    {
        if (!Directory.Exists(WorkDirectory))
        {
            return 0;
        }

        var swept = 0;
        foreach (var file in new DirectoryInfo(WorkDirectory).EnumerateFiles())
        {
            if (file.Name.StartsWith("up-", StringComparison.Ordinal) || file.Name.StartsWith("in-", StringComparison.Ordinal) || file.Name.StartsWith("tracker-", StringComparison.Ordinal) || file.Name.StartsWith("marker-", StringComparison.Ordinal))
            {
                try
                {
                    file.Delete();
                    swept++;
                }
                catch (IOException)
                {
                    // In use by another process (a host that still runs this peer): left for its next start.
                }
            }
        }

        return swept;
    }

    public bool UploadExists(string uploadId) =>
        IsSafeToken(uploadId) && File.Exists(System.IO.Path.Combine(WorkDirectory, $"up-{uploadId}.tmp"));

    public void Delete(string storedName)
    {
        File.Delete(PathOf(storedName));
    }

    /// <summary>Renames an entry of the folder (a local edit kept as a conflict copy); never over an existing one.</summary>
    public void Move(string storedName, string newName)
    {
        File.Move(PathOf(storedName), PathOf(newName), overwrite: false);
    }

    /// <summary>Replaces Tracker.txt atomically.</summary>
    public async Task WriteTrackerAsync(string text, CancellationToken cancellationToken = default)
    {
        EnsureWorkArea();
        await AtomicFile.WriteTextAsync(PathOf(FileNames.TrackerFileName), text, WorkDirectory, cancellationToken: cancellationToken);
    }

    public bool HasTracker => File.Exists(PathOf(FileNames.TrackerFileName));

    public string? ReadTracker()
    {
        var path = PathOf(FileNames.TrackerFileName);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// The full path of an entry of this folder. Only a single, plain segment is accepted, so no name
    /// (<c>..</c>, an absolute path, a separator) can reach outside the folder.
    /// </summary>
    public string PathOf(string storedName)
    {
        if (!IsPlainName(storedName))
        {
            throw new ArgumentException($"'{storedName}' is not a plain file name.", nameof(storedName));
        }

        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, storedName));
        if (!string.Equals(System.IO.Path.GetDirectoryName(full), Path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{storedName}' is outside the peer folder.", nameof(storedName));
        }

        return full;
    }

    /// <summary>A single plain segment: no separator, not <c>.</c> or <c>..</c>, not rooted.</summary>
    public static bool IsPlainName(string? storedName) =>
        !string.IsNullOrEmpty(storedName) &&
        storedName is not ("." or "..") &&
        storedName.IndexOfAny(['/', '\\', '\0']) < 0 &&
        !System.IO.Path.IsPathRooted(storedName);

    private static bool IsSafeToken(string value) =>
        value is { Length: >= 1 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

namespace OrleansP2P.Storage;

/// <summary>
/// The one way text goes onto disk where others read it: written to a temp file beside the target (or in a work
/// directory on the same file system), then renamed over it. A reader sees the old file or the new, never half.
/// </summary>
public static class AtomicFile
{
    /// <param name="path">The file to replace.</param>
    /// <param name="text">Its new content.</param>
    /// <param name="tempDirectory">Where the temp file goes (same file system as <paramref name="path"/>); the target's directory by default.</param>
    /// <param name="readOnly">Leaves the file read-only: files every follower links to must not be changed in place.</param>
    /// <param name="overwrite">False keeps an existing file (another writer came first; theirs is as good).</param>
    public static Task WriteTextAsync(string path, string text, string? tempDirectory = null, bool readOnly = false, bool overwrite = true, CancellationToken cancellationToken = default) =>
        ReplaceAsync(path, temp => File.WriteAllTextAsync(temp, text, cancellationToken), tempDirectory, readOnly, overwrite);

    /// <summary>As <see cref="WriteTextAsync"/>, with the content written by <paramref name="write"/> into a buffered stream (a table too big to build as one string first).</summary>
    public static Task WriteAsync(string path, Func<Stream, Task> write, string? tempDirectory = null, bool readOnly = false, bool overwrite = true) =>
        ReplaceAsync(path, async temp =>
        {
            await using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            await write(stream);
        }, tempDirectory, readOnly, overwrite);

    private static async Task ReplaceAsync(string path, Func<string, Task> write, string? tempDirectory, bool readOnly, bool overwrite)
    {
        var directory = tempDirectory ?? Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await write(temp);
            if (readOnly && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(temp, path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

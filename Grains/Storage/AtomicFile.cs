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
    public static async Task WriteTextAsync(string path, string text, string? tempDirectory = null, bool readOnly = false, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        var directory = tempDirectory ?? Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, cancellationToken);
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

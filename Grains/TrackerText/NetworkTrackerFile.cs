using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.TrackerText;

/// <summary>
/// The network's current table, <c>{network root}/.tracker/Tracker.txt</c>, and the peer folders that follow it.
/// Each peer's Tracker.txt is a symbolic link to this one read-only file, which the tracker replaces by rename once
/// a round (through <see cref="ITrackerFileWriter.PublishAsync"/>): every folder shows the new version at the same instant, whether the network has four peers or ten
/// thousand, and whether they are online or not. The link is relative, so the data root can be moved whole.
/// </summary>
public static class NetworkTrackerFile
{
    public const string FileName = "Tracker.txt";

    public static string PathIn(string networkRoot) =>
        Path.Combine(networkRoot, SharedTrackerFile.DirectoryName, FileName);

    /// <summary>
    /// Points the folder's Tracker.txt at the network's table, creating the table from <paramref name="snapshot"/>
    /// if there is none yet. False when the file system will not make the link (Windows without the privilege,
    /// FAT): the caller then gives the folder its own copy.
    /// </summary>
    public static Task<bool> TryFollowAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot) =>
        TryFollowAsync(folder, networkRoot, TableText.Of(snapshot));

    /// <inheritdoc cref="TryFollowAsync(PeerFolder, string, TrackerSnapshot)"/>
    public static async Task<bool> TryFollowAsync(PeerFolder folder, string networkRoot, TableText table)
    {
        var shared = PathIn(networkRoot);
        var trackerPath = folder.PathOf(FileNames.TrackerFileName);
        try
        {
            if (!File.Exists(shared))
            {
                // A fresh network's first peer: the tracker has not published yet. Never overwrites its newer table.
                await ReplaceAsync(shared, table, overwrite: false);
            }

            var target = Path.GetRelativePath(folder.Path, shared);
            if (new FileInfo(trackerPath).LinkTarget == target)
            {
                return true;
            }

            folder.EnsureCreated();
            var temp = Path.Combine(folder.WorkDirectory, $"tracker-{Guid.NewGuid():N}.lnk");
            File.CreateSymbolicLink(temp, target);
            File.Move(temp, trackerPath, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>True when the folder's Tracker.txt is a link to the network's table (what a rescan checks for).</summary>
    public static bool IsFollowedBy(PeerFolder folder, string networkRoot) =>
        new FileInfo(folder.PathOf(FileNames.TrackerFileName)).LinkTarget == Path.GetRelativePath(folder.Path, PathIn(networkRoot));

    /// <summary>The version the file at <paramref name="path"/> shows, or null when there is no readable table.</summary>
    internal static long? ReadVersion(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return TrackerFile.VersionOf(reader.ReadLine());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the table at <paramref name="path"/> by rename (the host's round, and a fresh network's first follower).</summary>
    internal static Task ReplaceAsync(string path, TableText table, bool overwrite) =>
        // Written on the thread pool: 100,000 rows take milliseconds the host's grain need not hold its thread for.
        // Every follower's Tracker.txt is this very file: nobody may change it in place.
        AtomicFile.WriteAsync(path, stream => Task.Run(() => table.WriteTo(stream)), readOnly: true, overwrite: overwrite);
}

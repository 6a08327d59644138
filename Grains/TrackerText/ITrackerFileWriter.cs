using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.TrackerText;

/// <summary>
/// The one service that puts Tracker.txt into folders (registered once per silo; a test may replace it).
/// Whether a folder follows the network's table is read from its disk every time, never remembered.
/// <para>
/// Hosts with data roots of their own: the round calls <see cref="PublishAsync"/> once per round for the network
/// root it knows. To make that "once per host", give the round one writer per host — e.g. a grain per host name,
/// placed on that host, whose one method calls <see cref="PublishAsync"/> with that host's network root — and have
/// <c>TrackerPush.PushAsync</c> call each of them instead of this service directly; folders that follow the table
/// of their own host are then current at once, and only the others need <see cref="WriteIntoAsync"/>.
/// </para>
/// </summary>
public interface ITrackerFileWriter
{
    /// <summary>Makes <paramref name="snapshot"/> the network's current table (the file every following folder links to).</summary>
    Task PublishAsync(string networkRoot, TrackerSnapshot snapshot);

    /// <summary>
    /// Brings one folder's Tracker.txt to <paramref name="snapshot"/>: a link to the network's table when
    /// <paramref name="mode"/> allows and the file system can, else a file of its own — never replacing a newer
    /// version the folder already shows. Returns how the folder now takes new versions.
    /// </summary>
    Task<TrackerFileLink> WriteIntoAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot, TrackerFileLink mode);

    /// <summary>True when the folder's Tracker.txt is, on disk now, a link to the network's table.</summary>
    bool Follows(PeerFolder folder, string networkRoot);
}

/// <summary>The file-system writer: symbolic links to the network's table, or hard links to one rendering per version.</summary>
public sealed class TrackerFileWriter : ITrackerFileWriter
{
    private readonly SharedTrackerFile _perVersion = new();

    public Task PublishAsync(string networkRoot, TrackerSnapshot snapshot) => NetworkTrackerFile.PublishAsync(networkRoot, snapshot);

    public async Task<TrackerFileLink> WriteIntoAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot, TrackerFileLink mode)
    {
        if (mode == TrackerFileLink.FollowsNetwork && await NetworkTrackerFile.TryFollowAsync(folder, networkRoot, snapshot))
        {
            return TrackerFileLink.FollowsNetwork;
        }

        // Versions only move forward: the folder's own file says which it shows (a link to the network's table
        // is replaced, since this folder no longer follows it).
        var shown = Follows(folder, networkRoot) ? null : NetworkTrackerFile.ReadVersion(folder.PathOf(FileNames.TrackerFileName));
        if (shown is null || snapshot.Version > shown)
        {
            await _perVersion.WriteAsync(folder, networkRoot, snapshot);
        }

        return TrackerFileLink.PerVersion;
    }

    public bool Follows(PeerFolder folder, string networkRoot) => NetworkTrackerFile.IsFollowedBy(folder, networkRoot);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.TrackerText;

/// <summary>
/// The one service that puts Tracker.txt into folders (registered once per silo; a test may replace it).
/// Whether a folder follows the network's table is read from its disk every time, never remembered in memory.
/// A publication round calls <see cref="PublishAsync"/> once per live host (through that host's
/// <see cref="IHostTrackerGrain"/>), with that host's network root: every folder of the host is then current.
/// </summary>
public interface ITrackerFileWriter
{
    /// <summary>
    /// Makes <paramref name="table"/> this host's table of the network: the shared file every following folder
    /// links to (when <paramref name="mode"/> is <see cref="TrackerFileLink.FollowsNetwork"/>), and a copy in each
    /// folder of this host that does not follow it (the ones <see cref="WriteIntoAsync"/> listed on disk).
    /// Versions on disk only move forward; an older or equal version writes nothing.
    /// </summary>
    Task PublishAsync(string networkRoot, TableText table, TrackerFileLink mode);

    /// <summary>
    /// Brings one folder's Tracker.txt to <paramref name="snapshot"/>: a link to the network's table when
    /// <paramref name="mode"/> allows and the file system can, else a file of its own — never replacing a newer
    /// version the folder already shows — and lists that folder for the rounds. Returns how the folder now takes new versions.
    /// </summary>
    Task<TrackerFileLink> WriteIntoAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot, TrackerFileLink mode);

    /// <summary>True when the folder's Tracker.txt is, on disk now, a link to the network's table.</summary>
    bool Follows(PeerFolder folder, string networkRoot);
}

/// <summary>The file-system writer: symbolic links to the network's table, or hard links to one rendering per version.</summary>
public sealed class TrackerFileWriter(ILogger<TrackerFileWriter>? logger = null) : ITrackerFileWriter
{
    private readonly SharedTrackerFile _perVersion = new();

    /// <summary>Each network root's rendered lines, so a snapshot written into a folder formats only rows not seen before.</summary>
    private readonly ConcurrentDictionary<string, TrackerLines> _lines = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<TrackerFileWriter>.Instance;

    public async Task PublishAsync(string networkRoot, TableText table, TrackerFileLink mode)
    {
        var shared = NetworkTrackerFile.PathIn(networkRoot);
        if (mode == TrackerFileLink.FollowsNetwork && !(NetworkTrackerFile.ReadVersion(shared) >= table.Version))
        {
            await NetworkTrackerFile.ReplaceAsync(shared, table, overwrite: true);
        }

        foreach (var folder in TrackerCopies.List(networkRoot))
        {
            try
            {
                // Its own copy, as its peer last chose (or had to): only the peer's next sync tries the link again.
                await WriteCopyAsync(folder, networkRoot, table);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // One unwritable folder never stops the others; it is tried again next round.
                _logger.LogWarning(exception, "Could not write tracker version {Version} into {Folder}", table.Version, LogText.Escape(folder.Path));
            }
        }
    }

    public async Task<TrackerFileLink> WriteIntoAsync(PeerFolder folder, string networkRoot, TrackerSnapshot snapshot, TrackerFileLink mode)
    {
        if (mode == TrackerFileLink.FollowsNetwork && await NetworkTrackerFile.TryFollowAsync(folder, networkRoot, TableText.Of(snapshot, LinesOf(networkRoot))))
        {
            TrackerCopies.Remove(networkRoot, folder);
            return TrackerFileLink.FollowsNetwork;
        }

        await WriteCopyAsync(folder, networkRoot, TableText.Of(snapshot, LinesOf(networkRoot)), snapshot);
        return TrackerFileLink.PerVersion;
    }

    /// <param name="snapshot">The snapshot <paramref name="table"/> was made of, if any: its text is rendered once for every folder handed it.</param>
    private async Task WriteCopyAsync(PeerFolder folder, string networkRoot, TableText table, TrackerSnapshot? snapshot = null)
    {
        // Versions only move forward: the folder's own file says which it shows (a link to the network's table
        // is replaced, since this folder no longer follows it).
        var shown = Follows(folder, networkRoot) ? null : NetworkTrackerFile.ReadVersion(folder.PathOf(FileNames.TrackerFileName));
        if (shown is null || table.Version > shown)
        {
            await _perVersion.WriteAsync(folder, networkRoot, table, snapshot);
        }

        await TrackerCopies.AddAsync(networkRoot, folder);
    }

    public bool Follows(PeerFolder folder, string networkRoot) => NetworkTrackerFile.IsFollowedBy(folder, networkRoot);

    private TrackerLines LinesOf(string networkRoot) => _lines.GetOrAdd(Path.GetFullPath(networkRoot), _ => new TrackerLines());
}

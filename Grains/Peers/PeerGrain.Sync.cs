using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

/// <summary>
/// Edits never lost: a local edit the network cannot take as the next version is kept beside the file as a conflict
/// copy this peer holds (listed in every Tracker.txt), and the file itself gets the network's current version.
/// </summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// Found by a scan: the folder's <paramref name="stored"/> is an edit based on a version that is no longer current.
    /// The network's current version is pulled from a holder; just before it replaces the file, the edit is renamed
    /// to its conflict copy (<see cref="ApplyAsync"/> does both). No holder reachable: the edit stays as it is, for the
    /// next scan. The caller holds the key.
    /// </summary>
    private async Task<string?> KeepConflictAsync(HeldFile record, StoredFile stored, ScanReport report)
    {
        var key = record.File.Key;
        if ((await FileGrainOf(key).LocateAsync()).Location is not { Sha256: { } sha, Size: { } size } location)
        {
            return $"{stored.Name} was edited in the folder, but the network has no whole version of it to compare with.";
        }

        var update = new VersionUpdate(key, location.Name, location.Version, sha, size, "") { Pieces = location.Pieces };
        foreach (var source in location.WholeHolders.Where(h => h != Username))
        {
            ApplyReply applied;
            try
            {
                applied = await ApplyAsync(record, update with { Source = source }, report);
            }
            catch (Exception exception) when (Offline.Describe(exception, source) is not null)
            {
                continue;
            }

            if (applied.Status != P2PStatus.Ok)
            {
                continue;
            }

            // Listed as a holder of the current version (it may have been pending, or not listed at all).
            await FileGrainOf(key).AnnounceAsync(new Announcement(Username, applied.Stored!, applied.Stored!.Version));
            return null;
        }

        return $"{stored.Name} was edited in the folder based on version {record.File.Version}, but version {location.Version} is current and no holder could send it; the edit stays in place until one can.";
    }

    /// <summary>
    /// Renames the local edit in <paramref name="disk"/> to its conflict copy and announces the copy as a new file of
    /// this peer's. The copy is never dropped: if the network refuses it now, it stays in the folder for the next scan.
    /// A name the network already knows with other content (an earlier copy made in the same second, since removed)
    /// is refused: the copy then takes the next free name, a few times at most.
    /// </summary>
    private async Task KeepLocalEditAsync(StoredFile disk, string sha, ScanReport? report)
    {
        var storedName = disk.StoredName;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var copyName = ConflictCopies.NameFor(disk.Name, DateTime.UtcNow, Username, n => Folder.Find(n) is not null || Table.ContainsKey(FileKey.Compute(n)));
            Folder.Move(storedName, copyName);
            storedName = copyName;
            var key = FileKey.Compute(copyName);
            report?.Made.Add(key);
            if (attempt == 1)
            {
                logger.LogWarning("{Username} kept a local edit of {Name} as the conflict copy {Copy}: it was based on a version that is no longer current", LogText.Escape(Username), LogText.Escape(disk.Name), LogText.Escape(copyName));
            }

            var owned = _busy.Add(key);
            try
            {
                var file = new FileDescriptor(key, copyName, 1, sha, disk.Size) { Pieces = await RecordPiecesAsync(key, null, Folder.PathOf(copyName)) };
                var announced = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, null));
                if (announced.Status == P2PStatus.Ok)
                {
                    await RememberAsync(file with { Version = announced.Version }, copyName);
                    report?.Conflicts.Add(copyName);
                    return;
                }

                logger.LogWarning("The conflict copy {Copy} of {Username} is not shared yet: {Reason}", LogText.Escape(copyName), LogText.Escape(Username), LogText.Escape(announced.Reason, max: 512));
                if (announced.Status != P2PStatus.Conflict || attempt == 3)
                {
                    // Reported, so the watcher reads the folder again at its next rescan (a peer nobody signs in retries too).
                    report?.Conflicts.Add(copyName);
                    report?.Problems.Add($"The conflict copy {copyName} is not shared yet: {announced.Reason}");
                    return;
                }

                // The refused name stays taken (the copy is in the folder under it): the next attempt takes the next one.
            }
            finally
            {
                if (owned)
                {
                    Release(key);
                }
            }
        }
    }

    /// <summary>
    /// Why this peer's folder cannot be used now, or null. A folder that is gone, or whose marker <c>.p2p/folder-id</c>
    /// is missing or names another folder, makes the peer unreachable (503 with this reason): it is never taken to mean
    /// that every file was deleted, so an unmounted disk cannot empty the network. A folder shared before markers
    /// existed (it has its work area, and the peer's record no id) is adopted: its marker is written.
    /// </summary>
    private async Task<string?> FolderProblemAsync()
    {
        var folder = Folder;
        if (!folder.Exists)
        {
            return $"{Username}'s folder {folder.Path} does not exist or is not reachable.";
        }

        var marker = folder.ReadMarker();
        if (state.State.FolderId is { } expected)
        {
            return marker == expected ? null
                : $"{Username}'s folder {folder.Path} has {(marker is null ? "lost its marker" : "another folder's marker")} .p2p/{PeerFolder.MarkerName}, so it is not the folder {Username} shares (a disk not mounted?); {Username} is unreachable until it is back, and nothing of it is withdrawn.";
        }

        if (marker is null && !folder.HasWorkArea)
        {
            return $"{Username}'s folder {folder.Path} has no marker .p2p/{PeerFolder.MarkerName}; {Username} is unreachable until it is back.";
        }

        var id = marker ?? Guid.NewGuid().ToString("N");
        if (marker is null)
        {
            folder.WriteMarker(id);
        }

        state.State.FolderId = id;
        await _writer.WriteAsync();
        return null;
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

public sealed partial class PeerGrain
{
    /// <summary>One reading of the folder at a time: the watcher's, the user's and the start's wait for each other.</summary>
    private readonly SemaphoreSlim _scanGate = new(1, 1);

    /// <summary>
    /// Reads the folder again and tells the network what changed: new files are announced, files edited in
    /// place become new versions for every holder (or conflict copies, when based on a version no longer current),
    /// files that are gone are withdrawn, and every file held is announced again so the tracker lists this peer
    /// (the login message "I have these files"). Returns once every peer's Tracker.txt shows the result.
    /// </summary>
    public Task<RescanReply> RescanAsync() => RescanAsync(reannounce: true);

    /// <param name="reannounce">False for the watcher: only files whose disk differs from the record are sent to the network.</param>
    /// <param name="names">The entries the watcher's events named, the only ones read; null reads the whole folder.</param>
    private async Task<RescanReply> RescanAsync(bool reannounce, IReadOnlyCollection<string>? names = null)
    {
        var changed = new StrongBox<long>();
        RescanReply reply;
        await _scanGate.WaitAsync();
        try
        {
            reply = await ScanAsync(changed, reannounce, names);
        }
        finally
        {
            _scanGate.Release();
        }

        if (reply.Status == P2PStatus.Ok)
        {
            await TrackerPublishedAsync(changed.Value);

            // Tracker.txt deleted by hand: the tracker does not push to a folder that follows the network's table.
            if (!Folder.HasTracker)
            {
                await SyncTrackerAsync(await GrainFactory.GetTracker(Network).GetSnapshotAsync());
            }
        }

        return reply;
    }

    /// <param name="changed">Raised to the newest tracker version the scan's changes produced.</param>
    /// <param name="names">Read only these entries (and the held copies of their keys); null: the whole folder.</param>
    private async Task<RescanReply> ScanAsync(StrongBox<long> changed, bool reannounce = true, IReadOnlyCollection<string>? names = null)
    {
        if (!state.State.IsRegistered)
        {
            return new RescanReply(P2PStatus.NotFound, $"There is no peer named {Username}.", [], []);
        }

        // A peer directed to a folder it cannot see (or whose marker is gone) must say so, not withdraw everything.
        if (await FolderProblemAsync() is { } unreachable)
        {
            return new RescanReply(P2PStatus.ServiceUnavailable, unreachable, [], []);
        }

        var reading = FolderReading.Of(Folder, Ignored, names, Table);
        var report = new ScanReport { Read = reading.Present.Count };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in reading.Present)
        {
            var key = FileKey.Compute(stored.Name);
            if (!seen.Add(key))
            {
                if (!report.Made.Contains(key))
                {
                    report.Problems.Add($"{stored.StoredName} is skipped: {Username} already shares {stored.Name} under key {key}.");
                }

                continue;
            }

            // Taken for the whole sync of the file, so a delivery arriving meanwhile waits for it (and is asked for again after).
            if (!_busy.Add(key))
            {
                continue;
            }

            try
            {
                if (await SyncStoredAsync(key, stored, changed, report, reannounce) is { } problem)
                {
                    report.Problems.Add(problem);
                }
            }
            finally
            {
                Release(key);
            }
        }

        seen.UnionWith(report.Made);
        foreach (var gone in reading.HeldCopiesIn(Table).Where(entry => !seen.Contains(entry.Key) && !_busy.Contains(entry.Key)).ToList())
        {
            await ForgetAsync(gone.Key);
            Raise(changed, (await FileGrainOf(gone.Key).WithdrawAsync(new Withdrawal(Username, gone.Value.File.Part))).TrackerVersion);
            report.Withdrawn.Add(gone.Value.StoredName);
        }

        report.Problems.AddRange(reading.Unsharable.Select(n => $"{n} is not shared: {ExplainName(n)}"));
        foreach (var problem in report.Problems)
        {
            logger.LogInformation("Rescan of {Username}: {Problem}", LogText.Escape(Username), LogText.Escape(problem, max: 512));
        }

        // A reading of a few names answers for those: listing every file held would cost what the folder holds.
        var held = reading.HeldCopiesIn(Table).Select(h => h.Value.File).OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray();
        return new RescanReply(P2PStatus.Ok, $"{Username} shares {held.Length} file(s).", held, [.. report.Problems],
            [.. report.Announced], [.. report.Published], [.. report.Withdrawn], [.. report.Conflicts]) { Read = report.Read, Hashed = report.Hashed.Value };
    }

    /// <summary>
    /// Brings one file of the folder and the network into agreement, by the peer's record against the disk:
    /// unchanged, it is announced at its recorded version (a copy merely behind catches up); edited, it is published
    /// as the next version, or kept as a conflict copy when its base is no longer current; unrecorded, the network
    /// judges it by its digest (new, current, or an older version). Returns a problem to report, or null.
    /// </summary>
    private async Task<string?> SyncStoredAsync(string key, StoredFile stored, StrongBox<long> changed, ScanReport report, bool reannounce)
    {
        Table.TryGetValue(key, out var held);
        var record = held is not null && held.StoredName == stored.StoredName ? held : null;
        // A whole copy that must be read is read once: its digest, and the piece digests a new version or file needs.
        var (verdict, _, sha, read) = await LocalEditCheck.CheckAsync(Folder, record, stored.StoredName, report.Hashed, stored.Part is null ? _options.PieceSizeBytes : null);
        if (verdict == DiskVerdict.Missing)
        {
            return null;
        }

        if (verdict == DiskVerdict.Unchanged && !reannounce && record!.LastWriteUtc == stored.LastWriteUtc)
        {
            return null;
        }

        if (verdict == DiskVerdict.Edited && stored.Part is null)
        {
            // Edited in place in the folder: a new version based on the one this peer had.
            var staged = await StageAsync(record!.File, Folder.PathOf(stored.StoredName), read);
            if (StillBeingWritten(stored))
            {
                DropStaged(key, staged);
                return StillBeingWrittenProblem(stored);
            }

            var (published, pieces) = await PublishStagedAsync(record.File, sha!, stored.Size, staged);
            Raise(changed, published.TrackerVersion);
            if (published.Status == P2PStatus.Ok)
            {
                await RememberAsync(record.File with { Version = published.Version, Sha256 = sha!, Size = stored.Size, Pieces = pieces }, stored.StoredName, stored.LastWriteUtc);
                DropOutgoingIfDelivered(key, published);
                report.Published.Add(stored.StoredName);
                return null;
            }

            // Based on a version that is no longer current (it raced another edit, or was made while this peer was away).
            return published.Status == P2PStatus.Conflict
                ? await KeepConflictAsync(record, stored, report)
                : $"{stored.Name} was edited in the folder but not published: {published.Reason}";
        }

        var unchanged = verdict == DiskVerdict.Unchanged;
        var file = new FileDescriptor(key, stored.Name, unchanged ? record!.File.Version : 0, sha!, stored.Size, stored.Part)
        {
            // A copy the network has not seen from this peer may be a new file: it comes with its pieces.
            Pieces = unchanged ? record!.File.Pieces : stored.Part is null ? await RecordPiecesAsync(key, read, Folder.PathOf(stored.StoredName)) : null,
        };
        if (StillBeingWritten(stored))
        {
            return StillBeingWrittenProblem(stored);
        }

        var reply = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, unchanged ? record!.File.Version : null));
        Raise(changed, reply.TrackerVersion);
        if (reply.Status != P2PStatus.Ok)
        {
            if (stored.Part is null && reply.Status == P2PStatus.Conflict && await SameFileAsync(key, stored.Name))
            {
                // A copy of the network's file with content the network never had: an edit whose base is unknown.
                return await KeepConflictAsync(record ?? HeldFile.Unrecorded(file, stored.StoredName), stored, report);
            }

            if (held is not null)
            {
                await ForgetAsync(key);
            }

            return $"{stored.StoredName} is not shared: {reply.Reason}";
        }

        if (held is not null && record is null)
        {
            // The folder now holds another copy of this key (a whole file instead of a part, or the reverse).
            Raise(changed, (await FileGrainOf(key).WithdrawAsync(new Withdrawal(Username, held.File.Part))).TrackerVersion);
        }

        if (held is null)
        {
            report.Announced.Add(stored.StoredName);
        }

        await RememberAsync(file with { Version = reply.Version }, stored.StoredName, stored.LastWriteUtc);
        return null;
    }

    /// <summary>
    /// Checked after the file was hashed (and copied, or its pieces computed), just before the network hears of it:
    /// a file that changed since the reading's stat is still being written, and nothing of it is shared. No event is
    /// needed to read it again: the write that moved it raised one, and the report makes the watcher's next rescan retry.
    /// </summary>
    private bool StillBeingWritten(StoredFile stored) => LocalEditCheck.ChangedSince(Folder, stored);

    private static string StillBeingWrittenProblem(StoredFile stored) =>
        $"{stored.StoredName} is still being written (it changed while it was read); it is shared once it stops changing.";

    /// <summary>True when the network's file under <paramref name="key"/> is <paramref name="name"/> (not a hash collision) and has whole holders.</summary>
    private async Task<bool> SameFileAsync(string key, string name) =>
        (await FileGrainOf(key).LocateAsync()).Location is { Sha256: not null } location && location.Name == name && !location.WholeHolders.IsEmpty;

    private static void Raise(StrongBox<long> changed, long trackerVersion) => changed.Value = Math.Max(changed.Value, trackerVersion);

    private static string ExplainName(string name) =>
        FileNames.TryValidate(name, out var error) ? "its part number is not valid." : error;
}

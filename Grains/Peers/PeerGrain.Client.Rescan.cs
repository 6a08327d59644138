using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

public sealed partial class PeerGrain
{
    /// <summary>
    /// Reads the folder again and tells the network what changed: new files are announced, files edited in
    /// place become new versions for every holder, files that are gone are withdrawn, and every file held is
    /// announced again so the tracker lists this peer (the login message "I have these files"). Returns once
    /// every peer's Tracker.txt shows the result.
    /// </summary>
    public async Task<RescanReply> RescanAsync()
    {
        var changed = new StrongBox<long>();
        var reply = await ScanAsync(changed);
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
    private async Task<RescanReply> ScanAsync(StrongBox<long> changed)
    {
        if (!state.State.IsRegistered)
        {
            return new RescanReply(P2PStatus.NotFound, $"There is no peer named {Username}.", [], []);
        }

        var folder = Folder;
        if (!folder.Exists)
        {
            // A peer directed to a folder it cannot see must say so, not quietly share nothing.
            return new RescanReply(P2PStatus.ServiceUnavailable, $"{Username}'s folder {folder.Path} does not exist or is not reachable.", [], []);
        }

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in folder.Scan().OrderBy(s => s.Part is null ? 0 : 1).ThenBy(s => s.StoredName, StringComparer.Ordinal))
        {
            var key = FileKey.Compute(stored.Name);
            if (!seen.Add(key))
            {
                problems.Add($"{stored.StoredName} is skipped: {Username} already shares {stored.Name} under key {key}.");
                continue;
            }

            if (_busy.Contains(key))
            {
                continue;
            }

            if (await SyncStoredAsync(key, stored, changed) is { } problem)
            {
                problems.Add(problem);
            }
        }

        foreach (var gone in Table.Where(entry => !seen.Contains(entry.Key) && !_busy.Contains(entry.Key)).ToList())
        {
            await ForgetAsync(gone.Key);
            Raise(changed, (await FileGrainOf(gone.Key).WithdrawAsync(new Withdrawal(Username, gone.Value.File.Part))).TrackerVersion);
        }

        problems.AddRange(folder.FindUnsharableNames().Select(n => $"{n} is not shared: {ExplainName(n)}"));
        foreach (var problem in problems)
        {
            logger.LogInformation("Rescan of {Username}: {Problem}", LogText.Escape(Username), LogText.Escape(problem, max: 512));
        }

        var held = Table.Values.Select(h => h.File).OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray();
        return new RescanReply(P2PStatus.Ok, $"{Username} shares {held.Length} file(s).", held, [.. problems]);
    }

    /// <summary>Brings one file of the folder and the network into agreement; returns a problem to report, or null.</summary>
    private async Task<string?> SyncStoredAsync(string key, StoredFile stored, StrongBox<long> changed)
    {
        Table.TryGetValue(key, out var held);
        var sameCopy = held is not null && held.StoredName == stored.StoredName;
        var unchanged = sameCopy && held!.File.Size == stored.Size && held.LastWriteUtc == stored.LastWriteUtc;
        var sha = unchanged ? held!.File.Sha256 : await Folder.ComputeSha256Async(stored.StoredName);

        if (sameCopy && sha != held!.File.Sha256 && stored.Part is null)
        {
            // Edited in place in the folder: a new version based on the one this peer had.
            var published = await PublishAsync(held.File, sha, stored.Size, (offset, length) => Folder.ReadChunkAsync(stored.StoredName, offset, length));
            Raise(changed, published.TrackerVersion);
            if (published.Status != P2PStatus.Ok)
            {
                return $"{stored.Name} was edited in the folder but not published: {published.Reason}";
            }

            await RememberAsync(held.File with { Version = published.Version, Sha256 = sha, Size = stored.Size }, stored.StoredName);
            return null;
        }

        var file = new FileDescriptor(key, stored.Name, sameCopy ? held!.File.Version : 0, sha, stored.Size, stored.Part);
        var reply = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, sameCopy && sha == held!.File.Sha256 ? held.File.Version : null));
        Raise(changed, reply.TrackerVersion);
        if (reply.Status != P2PStatus.Ok)
        {
            if (held is not null)
            {
                await ForgetAsync(key);
            }

            return $"{stored.StoredName} is not shared: {reply.Reason}";
        }

        if (held is not null && !sameCopy)
        {
            // The folder now holds another copy of this key (a whole file instead of a part, or the reverse).
            Raise(changed, (await FileGrainOf(key).WithdrawAsync(new Withdrawal(Username, held.File.Part))).TrackerVersion);
        }

        await RememberAsync(file with { Version = reply.Version }, stored.StoredName);
        return null;
    }

    private static void Raise(StrongBox<long> changed, long trackerVersion) => changed.Value = Math.Max(changed.Value, trackerVersion);

    private static string ExplainName(string name) =>
        FileNames.TryValidate(name, out var error) ? "its part number is not valid." : error;
}

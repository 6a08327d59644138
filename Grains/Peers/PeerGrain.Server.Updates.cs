using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>The server side: a file grain delivers a new version.</summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// A new version exists at <see cref="VersionUpdate.Source"/>: pull it (the whole file, or this peer's part
    /// re-cut from the new content) and replace the copy by rename. Versions only move forward, so a repeated
    /// delivery is answered 200 and changes nothing.
    /// </summary>
    public async Task<ApplyReply> ApplyUpdateAsync(VersionUpdate update)
    {
        // A rescan must not mistake the copy being replaced for a local edit, nor two deliveries race; and a scan that
        // is announcing this very file (not yet in the table) must not be told the peer does not hold it.
        if (_busy.Contains(update.Key))
        {
            // Delivered the moment the transfer under way ends (Release), not at the file grain's next retry.
            _deliveryWanted.Add(update.Key);
            return new ApplyReply(P2PStatus.ServiceUnavailable, $"{Username} is busy with {update.Name}; it gets version {update.Version} as soon as it is free.", null, Busy: true);
        }

        if (!Table.TryGetValue(update.Key, out var held))
        {
            return new ApplyReply(P2PStatus.NotFound, $"{Username} does not hold {update.Name}.", null);
        }

        if (held.File.Version >= update.Version)
        {
            return new ApplyReply(P2PStatus.Ok, $"{Username} already has version {held.File.Version} of {update.Name}.", held.File);
        }

        if (await FolderProblemAsync() is { } unreachable)
        {
            // Stays pending: delivered when the folder is back (the file grain's timer asks again).
            return new ApplyReply(P2PStatus.ServiceUnavailable, unreachable, null);
        }

        if (update.Size > _options.MaxFileSizeBytes)
        {
            return new ApplyReply(P2PStatus.PayloadTooLarge, $"Version {update.Version} of {update.Name} is larger than {Username} accepts.", null);
        }

        _busy.Add(update.Key);
        var transfer = UpdateStarted(update);
        ApplyReply? reply = null;
        try
        {
            // The same content under a newer version (a lost version's restore): nothing to pull, the record moves on,
            // if the disk still has the recorded bytes (otherwise the full apply, with its disk check, decides).
            if (held.File is { Part: null } same && same.Sha256 == update.Sha256 && same.Size == update.Size &&
                (await LocalEditCheck.CheckAsync(Folder, held, held.StoredName)).Verdict == DiskVerdict.Unchanged)
            {
                await RememberAsync(same with { Version = update.Version }, held.StoredName);
                return reply = new ApplyReply(P2PStatus.Ok, $"{Username} has version {update.Version} of {update.Name}.", same with { Version = update.Version });
            }

            return reply = await ApplyAsync(held, update, transfer: transfer);
        }
        finally
        {
            transfer.End(reply?.Status ?? P2PStatus.ServiceUnavailable, reply?.Reason ?? $"The update of {update.Name} stopped unexpectedly.");
            Release(update.Key);
        }
    }

    /// <param name="report">The scan this apply is part of, if any: it lists the conflict copy made.</param>
    /// <param name="transfer">The update's line in the transfer list, if any: it counts the bytes as they land, as a download's does.</param>
    private async Task<ApplyReply> ApplyAsync(HeldFile held, VersionUpdate update, ScanReport? report = null, TransferRecord? transfer = null)
    {
        var source = GrainFactory.GetPeerServer(Network, update.Source);
        var (offset, length) = held.File.Part?.RangeIn(update.Size) ?? (0, update.Size);
        var chunkSize = Math.Min(_options.ChunkSizeBytes, ChunkRequest.MaxLength);
        var byPieces = update.Content is null && held.File is { Part: null, Pieces: not null } && update.Pieces is not null;
        await using var incoming = Folder.BeginIncoming(hashWhole: !byPieces);
        transfer?.Begin(length);
        var delta = byPieces ? await BuildFromPiecesAsync(held, update, incoming, chunkSize, transfer) : null;
        if (delta is { Succeeded: false } failed)
        {
            // Pulled whole instead, so the source's own answer (gone, moved on) decides what the file grain hears.
            logger.LogInformation("{Reason} Pulling the whole file instead.", LogText.Escape(failed.Reason));
            delta = null;
            transfer?.Begin(length);
        }

        if (delta is not null)
        {
            // Every piece, kept or fetched, matched its digest in the new version's list: the root proves the whole.
        }
        else if (update.Content is { } content)
        {
            // Checked whole before a part is cut from it: a part has no digest of its own to check against.
            if (content.Length != update.Size || FileDigest.Compute(content) != update.Sha256)
            {
                Metrics.VerificationFailed("update");
                return new ApplyReply(P2PStatus.Conflict, $"Version {update.Version} of {update.Name} failed verification.", null);
            }

            await incoming.AppendAsync(content.AsMemory((int)offset, (int)length));
            transfer?.Add(length);
        }
        else
        {
            var copied = await ChunkTransfer.CopyAsync(source, new ChunkRequest(Username, update.Key, null, update.Version, offset, chunkSize), length, incoming, progress: transfer is null ? null : transfer.Add);
            if (!copied.Succeeded)
            {
                return new ApplyReply(copied.Status, copied.Reason, null);
            }
        }

        var sha = delta is not null ? update.Sha256 : await incoming.ComputeSha256Async();
        if (held.File.Part is null && sha != update.Sha256)
        {
            Metrics.VerificationFailed("update");
            return new ApplyReply(P2PStatus.Conflict, $"Version {update.Version} of {update.Name} failed verification.", null);
        }

        // No update overwrites an edit it has not seen: the disk against this peer's record, just before the rename.
        var (verdict, disk, diskSha) = await LocalEditCheck.CheckAsync(Folder, held, held.StoredName);
        if (verdict == DiskVerdict.Missing && !held.IsUnrecorded)
        {
            // Removed from the folder (the next scan withdraws it too): a deletion is not undone by an update.
            await ForgetAsync(held.File.Key);
            return new ApplyReply(P2PStatus.NotFound, $"{Username} no longer has {update.Name}: it was removed from the folder.", null);
        }

        if (verdict == DiskVerdict.Edited && held.File.Part is null && diskSha != update.Sha256)
        {
            await KeepLocalEditAsync(disk!, diskSha!, report);
        }

        else if (verdict == DiskVerdict.Unchanged)
        {
            // The version being replaced goes into the history (a hard link: the folder never shows it missing).
            History.Preserve(held.StoredName, held.File.Key, held.File.Version, held.File.Part);
        }

        var stored = held.File with { Version = update.Version, Sha256 = sha, Size = length, Pieces = held.File.Part is null ? update.Pieces : null };
        await incoming.CommitAsync(held.StoredName);
        await RememberAsync(stored, held.StoredName);
        var fetched = delta?.FetchedBytes ?? length;
        logger.LogInformation("{Username} applied version {Version} of {Name} from {Source}: {Fetched} bytes fetched, {Kept} kept from its own copy", LogText.Escape(Username), update.Version, LogText.Escape(update.Name), LogText.Escape(update.Source), fetched, delta?.KeptBytes ?? 0);
        Metrics.Received(length);
        return new ApplyReply(P2PStatus.Ok, $"{Username} has version {update.Version} of {update.Name}.", stored) { FetchedBytes = fetched, KeptBytes = delta?.KeptBytes ?? 0 };
    }
}

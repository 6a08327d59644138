using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>Downloads of a version with piece digests: every piece verified on arrival, a bad one fetched again elsewhere.</summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// Fetches the current version piece by piece from the holders the file grain lists (whole holders for any piece,
    /// part holders for their range), verifying each piece as it arrives (which proves the whole through the root), and keeps
    /// it. Null when the version has no piece list or no listed holder offers it: the caller then downloads as before.
    /// </summary>
    private async Task<DownloadReply?> DownloadPiecesAsync(string key, FileLocation? location, TransferRecord transfer)
    {
        if (location is not { Pieces: { } layout, Sha256: { } sha, Size: { } size } || await PieceListOfAsync(key, layout, size) is not { } pieces)
        {
            return null;
        }

        if (size > _options.MaxFileSizeBytes)
        {
            return DownloadReply.Fail(P2PStatus.PayloadTooLarge, $"{location.Name} is {size} bytes; this peer accepts at most {_options.MaxFileSizeBytes}.");
        }

        var sources = await PieceSourcesAsync(key, location, size);
        if (sources.Count == 0)
        {
            return null;
        }

        // A partial of a version no longer current is of no use; one of this version is resumed.
        var partials = Folder.Partials;
        partials.DeleteOthers(key, location.Version);
        var partialPath = partials.DataPath(key, location.Version);
        var partialBytes = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        if (Folder.StagedBytes() - partialBytes + size > _options.StagingBudgetBytes)
        {
            return DownloadReply.Fail(P2PStatus.InsufficientStorage, $"{location.Name} ({size} bytes) would take {Username}'s transfers in progress over their budget of {_options.StagingBudgetBytes} bytes.");
        }

        var done = new bool[pieces.Count];
        var recorded = partials.RecordedPieces(key, location.Version, layout, pieces.Count);
        var reused = recorded.Count == 0 ? [] : await PieceDigests.VerifyStoredAsync(partialPath, pieces, recorded);
        foreach (var index in reused)
        {
            done[index] = true;
        }

        var reusedBytes = reused.Sum(i => (long)layout.RangeOf(i, size).Length);
        var progress = Progress(transfer, size);
        transfer.UseMap("piece", pieces.Count, reused, reusedBytes);
        transfer.SetSources(sources.Select(s => s.Peer));
        // The record is rewritten beside the transfer, never in its way: one write at a time, the latest state each time.
        var unrecorded = 0;
        var recording = Task.CompletedTask;
        async Task RecordBesideAsync()
        {
            while (unrecorded >= ChunkTransfer.Window)
            {
                unrecorded = 0;
                try
                {
                    await partials.RecordAsync(key, location.Version, layout, [.. done]);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("{Username} could not record the pieces of its partial download of {Name}: {Reason}", LogText.Escape(Username), LogText.Escape(location.Name), LogText.Escape(exception.Message));
                }
            }
        }

        Task PieceWrittenAsync(int index)
        {
            done[index] = true;
            transfer.Arrived(index);
            if (++unrecorded >= ChunkTransfer.Window && recording.IsCompleted)
            {
                recording = RecordBesideAsync();
            }

            return Task.CompletedTask;
        }

        var incoming = partials.Open(key, location.Version);
        try
        {
            var fetch = new PieceTransfer(pieces, sources, FirstChunk(key, new FileDescriptor(key, location.Name, location.Version, sha, size)), incoming, progress, SourceFailed, PieceWrittenAsync);
            var result = await fetch.RunAsync(Enumerable.Range(0, pieces.Count).Where(i => !done[i]), transfer.Cancellation);
            foreach (var bad in result.Bad)
            {
                logger.LogWarning("{Sources} sent piece {Piece} of {Name} that failed verification; it was fetched again", LogText.Escape(string.Join(",", bad.Sources)), bad.Piece, LogText.Escape(location.Name));
                Metrics.VerificationFailed("piece");
            }

            foreach (var late in result.TakenOver.GroupBy(t => t.Late))
            {
                logger.LogInformation("{Late} was late with pieces {Pieces} of {Name}; {Sources} supplied them first (endgame)", LogText.Escape(late.Key), string.Join(",", late.Select(t => t.Piece)), LogText.Escape(location.Name), LogText.Escape(string.Join(",", late.SelectMany(t => t.From).Distinct())));
            }

            if (!result.Succeeded)
            {
                // Kept for the next download of this version: the pieces verified so far, and the record saying which.
                await recording;
                await partials.RecordAsync(key, location.Version, layout, done);
                var keptNote = $"{done.Count(d => d)} of {pieces.Count} pieces are kept for the next try.";
                return (result.Missing is { } missing
                    ? DownloadReply.Fail(P2PStatus.NotFound, $"No peer could supply a good piece {missing} of {location.Name}; {keptNote}" + BadNote(result.Bad) + OfflineNote(sources.Select(s => s.Peer)))
                    : DownloadReply.Fail(P2PStatus.Conflict, $"The download of {location.Name} was cancelled; {keptNote}")) with
                {
                    BadPieces = result.Bad,
                    FetchedBytes = result.FetchedBytes,
                    ReusedBytes = reusedBytes,
                };
            }

            // Every piece matched its digest and the digests hash to the version's root: that proves the whole, under the
            // SHA-256 the version names with it. A second pass over every byte for that SHA-256 was the single-source
            // download's bottleneck (docs/benchmarks.md), so it is not made.
            var kept = await KeepDownloadAsync(incoming, new FileDescriptor(key, location.Name, location.Version, sha, size) { Pieces = layout }, [.. result.ServedBy]);
            await recording;
            File.Delete(partials.RecordPath(key, location.Version));
            return kept with
            {
                Reason = kept.Reason + (kept.Status == P2PStatus.Ok ? BadNote(result.Bad) + LateNote(result.TakenOver) : ""),
                BadPieces = result.Bad,
                FetchedBytes = result.FetchedBytes,
                ReusedBytes = reusedBytes,
            };
        }
        finally
        {
            // Not committed: the partial stays (a crash leaves it too); committed: it is the folder's copy now.
            await recording;
            await incoming.KeepAsync();
        }

        void SourceFailed(PieceSource source, string reason, Exception? exception)
        {
            if (exception is not null && Hosts.Offline.Describe(exception, source.Peer) is { } offline)
            {
                _offline[source.Peer] = offline;
                reason = offline;
            }

            logger.LogInformation("{Username} stopped asking {Peer} for pieces of {Name}: {Reason}", LogText.Escape(Username), LogText.Escape(source.Peer), LogText.Escape(location.Name), LogText.Escape(reason, max: 512));
        }
    }

    private static string BadNote(ImmutableArray<BadPiece> bad) =>
        bad.IsEmpty ? "" : " " + string.Join(" ", bad.Select(b => $"Piece {b.Piece} from {string.Join(" and ", b.Sources)} failed verification and was fetched again."));

    private static string LateNote(ImmutableArray<TakenOver> takenOver) =>
        string.Concat(takenOver.GroupBy(t => t.Late).Select(late =>
            $" {late.Key} was late with piece{(late.Count() == 1 ? "" : "s")} {string.Join(", ", late.Select(t => t.Piece))}: taken from {string.Join(" and ", late.SelectMany(t => t.From).Distinct())} instead."));

    /// <summary>The version's piece list, if its grain keeps one that matches the layout and size; null otherwise.</summary>
    private async Task<PieceList?> PieceListOfAsync(string key, PieceLayout layout, long size)
    {
        try
        {
            var pieces = await GrainFactory.GetPieceList(Network, key).FindAsync(layout.Root);
            return pieces is not null && pieces.Layout == layout && pieces.Size == size && PieceDigests.IsConsistent(pieces) ? pieces : null;
        }
        catch (Exception exception) when (Hosts.Offline.Describe(exception, key) is not null)
        {
            return null;
        }
    }

    /// <summary>
    /// The listed holders that offer this version, in the order they are listed: whole holders (any piece), then
    /// part holders (their range; this peer's own part last, read like anyone else's). Offers are asked all at once.
    /// </summary>
    private async Task<List<PieceSource>> PieceSourcesAsync(string key, FileLocation location, long size)
    {
        var candidates = location.WholeHolders.Where(h => h != Username).Select(h => (Peer: h, Part: (PartLocation?)null))
            .Concat(location.Parts.SelectMany(p => p.Holders.OrderBy(h => h == Username).Select(h => (Peer: h, Part: (PartLocation?)p))))
            .ToList();
        var offers = await Task.WhenAll(candidates.Select(async c =>
        {
            var grain = GrainFactory.GetPeerServer(Network, c.Peer);
            var offer = await AskAsync(c.Peer, () => grain.RequestFileAsync(new FileRequest(Username, key, c.Part?.Part)));
            if (offer is not { Status: P2PStatus.Ok, File: { } file } || file.Version != location.Version)
            {
                return null;
            }

            if (c.Part is not { } part)
            {
                return file.Sha256 == location.Sha256 && file.Size == size ? new PieceSource(c.Peer, grain, null, 0, size) : null;
            }

            var (offset, length) = part.Part.RangeIn(size);
            return file.Sha256 == part.Sha256 && file.Size == length ? new PieceSource(c.Peer, grain, part.Part, offset, length) : null;
        }));
        return [.. offers.OfType<PieceSource>()];
    }
}

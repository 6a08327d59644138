using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>The server side: a new version built from this holder's own pieces plus the ones that changed.</summary>
public sealed partial class PeerGrain
{
    /// <summary>Pieces of the own copy being read and checked ahead of the one being written: every core checks, and writing never waits for a whole batch.</summary>
    private static readonly int KeepAhead = 2 * Environment.ProcessorCount;

    /// <summary>
    /// Builds version <paramref name="update"/> in <paramref name="incoming"/> (never in the live file): the pieces
    /// whose digest the new version shares with this peer's copy at the same offset are read from that copy, each
    /// checked against the new digest as it is read (a copy edited behind the record loses those pieces, no more),
    /// and the rest are fetched from the source, each verified on arrival. Null when either version's piece list
    /// is not to be had, or the piece sizes differ: the caller then pulls the whole file.
    /// </summary>
    /// <param name="transfer">The update's line in the transfer list, if any: a map of the new version's pieces, the kept ones in at once.</param>
    private async Task<DeltaResult?> BuildFromPiecesAsync(HeldFile held, VersionUpdate update, IncomingFile incoming, int chunkSize, TransferRecord? transfer)
    {
        if (held.File is not { Part: null, Pieces: { } ownLayout } || update.Pieces is not { } layout || ownLayout.PieceSize != layout.PieceSize ||
            await PieceListOfAsync(update.Key, layout, update.Size) is not { } next ||
            await PieceListOfAsync(update.Key, ownLayout, held.File.Size) is not { } own)
        {
            return null;
        }

        var shared = Enumerable.Range(0, Math.Min(own.Count, next.Count))
            .Where(i => layout.RangeOf(i, update.Size) == ownLayout.RangeOf(i, held.File.Size) && own.DigestOf(i).SequenceEqual(next.DigestOf(i)))
            .ToList();
        var kept = new HashSet<int>();
        var keptBytes = 0L;
        var reading = new Queue<Task<(int Index, long Offset, byte[] Bytes, bool Good)>>();
        try
        {
            using var handle = File.OpenHandle(Folder.PathOf(held.StoredName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            try
            {
                foreach (var index in shared)
                {
                    if (reading.Count >= KeepAhead)
                    {
                        keptBytes += await KeepNextAsync(reading, incoming, kept);
                    }

                    reading.Enqueue(Task.Run(async () =>
                    {
                        var (offset, length) = layout.RangeOf(index, update.Size);
                        var bytes = await FileChunks.ReadAsync(handle, offset, length, CancellationToken.None);
                        return (index, offset, bytes, bytes.Length == length && PieceDigests.Verify(next, index, bytes));
                    }));
                }

                while (reading.Count > 0)
                {
                    keptBytes += await KeepNextAsync(reading, incoming, kept);
                }
            }
            finally
            {
                // No read may outlive the handle: those still under way after a failure end before it closes.
                await Task.WhenAll(reading).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The own copy cannot be read (gone, locked): whatever was kept stays, the rest is fetched.
            logger.LogInformation("{Username} could not read its copy of {Name} for the pieces it keeps: {Reason}", LogText.Escape(Username), LogText.Escape(update.Name), LogText.Escape(exception.Message));
        }

        var source = new PieceSource(update.Source, GrainFactory.GetPeerServer(Network, update.Source), null, 0, update.Size);
        transfer?.UseMap("piece", next.Count, kept, keptBytes);
        var fetch = new PieceTransfer(next, [source], new ChunkRequest(Username, update.Key, null, update.Version, 0, chunkSize), incoming, transfer is null ? null : transfer.Add,
            (s, reason, _) => logger.LogInformation("{Username} could not fetch the changed pieces of {Name} from {Source}: {Reason}", LogText.Escape(Username), LogText.Escape(update.Name), LogText.Escape(s.Peer), LogText.Escape(reason, max: 512)),
            piece =>
            {
                transfer?.Arrived(piece);
                return Task.CompletedTask;
            });
        var result = await fetch.RunAsync(Enumerable.Range(0, next.Count).Where(i => !kept.Contains(i)));
        foreach (var bad in result.Bad)
        {
            logger.LogWarning("{Sources} sent piece {Piece} of version {Version} of {Name} that failed verification", LogText.Escape(string.Join(",", bad.Sources)), bad.Piece, update.Version, LogText.Escape(update.Name));
            Metrics.VerificationFailed("piece");
        }

        return result.Succeeded
            ? new DeltaResult(true, "", keptBytes, result.FetchedBytes)
            : new DeltaResult(false, $"{Username} could not get piece {result.Missing} of version {update.Version} of {update.Name} from {update.Source}; it is tried again.", keptBytes, result.FetchedBytes);
    }

    /// <summary>Writes the oldest piece read, in the order read, if it matched its new digest; returns the bytes kept.</summary>
    private static async Task<long> KeepNextAsync(Queue<Task<(int Index, long Offset, byte[] Bytes, bool Good)>> reading, IncomingFile incoming, HashSet<int> kept)
    {
        var piece = await reading.Dequeue();
        if (!piece.Good)
        {
            return 0;
        }

        await incoming.WriteAtAsync(piece.Offset, piece.Bytes);
        kept.Add(piece.Index);
        return piece.Bytes.Length;
    }

    /// <param name="KeptBytes">Taken from the holder's own copy.</param>
    /// <param name="FetchedBytes">Pulled from the source (the changed pieces, and any of its pieces that failed).</param>
    private sealed record DeltaResult(bool Succeeded, string Reason, long KeptBytes, long FetchedBytes);
}

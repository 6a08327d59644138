using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>Piece digests of the content this peer brings into the network (new files and new versions).</summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// Computes the piece list of the content at <paramref name="path"/> and records it with the file's piece list
    /// grain; returns its layout for the announcement or publication, or null for a file of one piece. A list that
    /// cannot be computed or recorded leaves the version without a layout: it is then verified as a whole.
    /// </summary>
    /// <param name="read">The content's digests from a read the caller already made; null computes them from <paramref name="path"/>.</param>
    private async Task<PieceLayout?> RecordPiecesAsync(string key, FileDigests? read, string path)
    {
        try
        {
            var pieces = read is not null ? read.Pieces : await PieceDigests.ComputeAsync(path, _options.PieceSizeBytes);
            return pieces is not null && await GrainFactory.GetPieceList(Network, key).RecordAsync(pieces) ? pieces.Layout : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("{Username} could not compute the pieces of {Path}: {Reason}", LogText.Escape(Username), LogText.Escape(path), LogText.Escape(exception.Message));
            return null;
        }
    }

    /// <summary>
    /// At start, partial downloads of a version that is no longer current (or of a file the network no longer has)
    /// go; those of the current version stay for the next download. Not awaited by activation: a file grain that
    /// cannot be reached leaves its partials for the next start.
    /// </summary>
    private void SweepStalePartials()
    {
        var partials = Folder.Partials;
        async Task SweepAsync()
        {
            foreach (var (key, version) in partials.List())
            {
                if ((await FileGrainOf(key).LocateAsync()).Location?.Version != version)
                {
                    partials.Delete(key, version);
                    logger.LogInformation("{Username} swept its partial download of version {Version} of {Key}: no longer current", LogText.Escape(Username), version, key);
                }
            }
        }

        _ = SweepAsync().ContinueWith(
            t => logger.LogInformation("{Username} left its partial downloads for the next start: {Reason}", LogText.Escape(Username), LogText.Escape(t.Exception!.GetBaseException().Message, max: 512)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}

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
    private async Task<PieceLayout?> RecordPiecesAsync(string key, string path)
    {
        try
        {
            var pieces = await PieceDigests.ComputeAsync(path, _options.PieceSizeBytes);
            return pieces is not null && await GrainFactory.GetPieceList(Network, key).RecordAsync(pieces) ? pieces.Layout : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("{Username} could not compute the pieces of {Path}: {Reason}", LogText.Escape(Username), LogText.Escape(path), LogText.Escape(exception.Message));
            return null;
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Components.Transfers;

/// <summary>How the Transfers panel words one transfer: its percentage, speed and time left, its sources, how it ended.</summary>
public static class TransferText
{
    /// <summary>Whole percent, never ahead of the bytes (99 until the last byte); null while the size is unknown.</summary>
    public static int? Percent(TransferInfo transfer) =>
        transfer.Outcome == TransferOutcome.Done ? 100
        : transfer.Total is { } total and > 0 ? (int)Math.Min(100, Math.Floor(transfer.Bytes * 100.0 / total))
        : transfer.Total == 0 ? 100 : null;

    /// <summary>"1.2 MiB/s", or null before anything moved.</summary>
    public static string? Speed(TransferInfo transfer) =>
        transfer.BytesPerSecond > 0 ? $"{ByteSize.Format((long)transfer.BytesPerSecond)}/s" : null;

    /// <summary>Time left at the speed so far, for a running transfer of known size: "about 12 s left", "about 3 min left".</summary>
    public static string? TimeLeft(TransferInfo transfer)
    {
        if (!transfer.IsRunning || transfer.Total is not { } total || transfer.BytesPerSecond <= 0)
        {
            return null;
        }

        var seconds = Math.Max(0, total - transfer.Bytes) / transfer.BytesPerSecond;
        return seconds switch
        {
            < 1 => "less than a second left",
            < 90 => string.Create(CultureInfo.InvariantCulture, $"about {Math.Ceiling(seconds)} s left"),
            < 90 * 60 => string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(seconds / 60)} min left"),
            _ => string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(seconds / 3600, 1)} h left"),
        };
    }

    /// <summary>"42% · 1.2 MiB/s · about 12 s left" while running; how it ended afterwards.</summary>
    public static string Status(TransferInfo transfer)
    {
        var size = transfer.Total is { } total ? $"{ByteSize.Format(transfer.Bytes)} of {ByteSize.Format(total)}" : ByteSize.Format(transfer.Bytes);
        var parts = transfer.Outcome switch
        {
            TransferOutcome.Running => new[] { Percent(transfer) is { } percent ? $"{percent}%" : "starting", size, Speed(transfer), TimeLeft(transfer) },
            TransferOutcome.Done => ["Done", transfer.Total is { } all ? ByteSize.Format(all) : size, Speed(transfer)],
            TransferOutcome.Cancelled => ["Cancelled", size],
            _ => ["Failed", size],
        };
        return string.Join(" · ", parts.OfType<string>());
    }

    public static string Kind(TransferInfo transfer) => transfer.Kind switch
    {
        TransferKind.Download => "Download",
        TransferKind.Upload => "Upload",
        _ => "Update",
    };

    /// <summary>"From user3 and user2"; an upload comes from this browser (or the API's caller).</summary>
    public static string Sources(TransferInfo transfer) =>
        transfer.Sources.IsEmpty
            ? transfer.Kind == TransferKind.Upload ? "From your computer" : "Looking for sources"
            : "From " + (transfer.Sources.Length == 1 ? transfer.Sources[0] : string.Join(", ", transfer.Sources[..^1]) + " and " + transfer.Sources[^1]);

    /// <summary>"Reused 256 KiB from an earlier try", when a download resumed a partial.</summary>
    public static string? Reused(TransferInfo transfer) =>
        transfer.ReusedBytes > 0 ? $"Reused {ByteSize.Format(transfer.ReusedBytes)} from an earlier try" : null;

    public static bool CanRetry(TransferInfo transfer) =>
        transfer.Kind == TransferKind.Download && transfer.Outcome is TransferOutcome.Failed or TransferOutcome.Cancelled;
}

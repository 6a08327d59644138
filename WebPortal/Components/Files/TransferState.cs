namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>How far a download has come; <see cref="Total"/> is unknown until the first progress report.</summary>
public sealed record TransferState(long Received, long? Total)
{
    public static TransferState Starting { get; } = new(0, null);

    /// <summary>0–100, or null while the size is unknown (an indeterminate bar).</summary>
    public double? Percent => Total is > 0 ? Math.Min(100, Received * 100.0 / Total.Value) : null;
}

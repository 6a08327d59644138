namespace OrleansP2P.Diagnostics;

/// <summary>
/// The gate of a graceful stop that a silo's transfers pass through. The portal's stop closes it as it begins,
/// so a co-hosted silo's peers refuse new transfers from then on; a portal that is only a client has none.
/// </summary>
public interface ITransferGate
{
    /// <summary>Transfers asked for from now on are refused with <see cref="TransferGate.ClosedReason"/>.</summary>
    void Close();
}

public static class TransferGate
{
    public const string ClosedReason = "This host is shutting down; try again in a moment.";

    /// <summary>The default of <c>P2P:ShutdownGrace</c>: how long running transfers may take to finish on stop.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    public const string GraceKey = "P2P:ShutdownGrace";
}

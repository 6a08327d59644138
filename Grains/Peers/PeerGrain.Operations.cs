using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Diagnostics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>The peer's transfers as operations see them: counted, and refused with 503 while the silo stops.</summary>
public sealed partial class PeerGrain
{
    private P2PMetrics Metrics => ServiceProvider.GetRequiredService<P2PMetrics>();

    private Transfers Transfers => ServiceProvider.GetRequiredService<Transfers>();

    /// <inheritdoc cref="DownloadOnceAsync"/>
    public Task<DownloadReply> DownloadAsync(DownloadRequest request) => Transfers.DownloadAsync(() => DownloadOnceAsync(request));

    public Task<SaveReply> SaveAsync(SaveRequest request) => Transfers.SaveAsync(() => SaveRecordedAsync(request));
}

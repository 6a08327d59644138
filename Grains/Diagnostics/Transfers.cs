using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Diagnostics;

/// <summary>
/// The transfers (downloads and saves) running on this silo, and the gate of a graceful stop: when the silo
/// stops, the gate closes first — new transfers get 503 — and the stop waits up to <see cref="P2POptions.ShutdownGrace"/>
/// for the running ones to finish before the silo goes on to leave the cluster. A transfer cut off after the grace
/// leaves only its work file in the peer's <c>.p2p/</c> area (content is renamed into place only once verified), so
/// the same download can simply be asked for again.
/// </summary>
public sealed class Transfers(P2PMetrics metrics, IOptions<P2POptions> options, ILogger<Transfers> logger) : ILifecycleParticipant<ISiloLifecycle>, ITransferGate
{
    private readonly Lock _lock = new();
    private int _running;
    private bool _closed;
    private long _closedAt;
    private TaskCompletionSource? _drained;

    public const string ClosedReason = TransferGate.ClosedReason;

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    public Task<DownloadReply> DownloadAsync(Func<Task<DownloadReply>> download) =>
        RunAsync(() => metrics.TrackDownloadAsync(download), () => DownloadReply.Fail(P2PStatus.ServiceUnavailable, ClosedReason));

    public Task<SaveReply> SaveAsync(Func<Task<SaveReply>> save) =>
        RunAsync(() => metrics.TrackUploadAsync(save), () => SaveReply.Fail(P2PStatus.ServiceUnavailable, ClosedReason));

    /// <summary>Closes the gate: transfers asked for from now on get 503. The grace counts from the first close.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _closed = true;
                _closedAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Closes the gate and waits until no transfer runs, or the grace (counted from the first close: the portal
    /// closes it as its stop begins) is over, or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task CloseAndDrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Close();
        Task drained;
        TimeSpan left;
        lock (_lock)
        {
            if (_running == 0)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
            left = grace - Stopwatch.GetElapsedTime(_closedAt);
        }

        logger.LogInformation("Stopping: waiting up to {Grace} for {Running} transfer(s) to finish", left < TimeSpan.Zero ? TimeSpan.Zero : left, Running);
        try
        {
            await drained.WaitAsync(left < TimeSpan.Zero ? TimeSpan.Zero : left, cancellationToken);
            logger.LogInformation("Stopping: every transfer finished");
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Stopping with {Running} transfer(s) still running; they can be asked for again", Running);
        }
    }

    /// <summary>
    /// The gate closes when the silo leaves its Active stage — the first stage to stop, while the silo still
    /// serves calls, so the transfers that are running can still reach their sources.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(Transfers), ServiceLifecycleStage.Active, _ => Task.CompletedTask, stop => CloseAndDrainAsync(options.Value.ShutdownGrace, stop));

    private async Task<T> RunAsync<T>(Func<Task<T>> run, Func<T> refused)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return refused();
            }

            _running++;
        }

        try
        {
            return await run();
        }
        finally
        {
            lock (_lock)
            {
                if (--_running == 0 && _closed)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }
}

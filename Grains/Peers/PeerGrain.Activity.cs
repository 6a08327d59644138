using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// What this peer did, reported to the network's <see cref="IPeerActivityGrain"/> a moment later (one report per
/// second at most, and at deactivation), so a served chunk or a session check never waits for a write.
/// </summary>
public sealed partial class PeerGrain
{
    private static readonly TimeSpan ActivityReportDelay = TimeSpan.FromSeconds(1);

    private readonly ActivityCounter _activity = new();
    private IGrainTimer? _activityReport;

    /// <summary>A silo that stops may hold the activity grain itself: its last report must not hold the stop up.</summary>
    private static readonly TimeSpan LastReportDeadline = TimeSpan.FromSeconds(2);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await ReportActivityAsync().WaitAsync(LastReportDeadline, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            logger.LogInformation("{Username}'s last activity report did not finish as it deactivated", LogText.Escape(Username));
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Counts a chunk served (in the product's metrics and in this peer's activity), and hands it on.</summary>
    private ChunkReply Served(ChunkRequest request, ChunkReply reply)
    {
        _activity.Served(Username, request, Metrics.Served(reply));
        ScheduleActivityReport();
        return reply;
    }

    /// <param name="always">A sign-in or sign-out; a session check is reported at most once a minute.</param>
    private void SeenSignedIn(bool always)
    {
        if (_activity.Seen(DateTimeOffset.UtcNow, always))
        {
            ScheduleActivityReport();
        }
    }

    private void ScheduleActivityReport()
    {
        if (_activityReport is null && _activity.HasNews)
        {
            _activityReport = this.RegisterGrainTimer(ReportActivityAsync, new GrainTimerCreationOptions { DueTime = ActivityReportDelay, Period = Timeout.InfiniteTimeSpan });
        }
    }

    private async Task ReportActivityAsync()
    {
        _activityReport?.Dispose();
        _activityReport = null;
        if (!_activity.HasNews)
        {
            return;
        }

        var news = _activity.Take();
        try
        {
            await GrainFactory.GetPeerActivity(Network).RecordAsync(Username, news);
        }
        catch (Exception exception)
        {
            // Kept for the next report: the counts are this peer's to send, nobody else has them.
            _activity.PutBack(news);
            logger.LogWarning(exception, "{Username} could not report its activity; it goes with the next report", LogText.Escape(Username));
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Diagnostics;

/// <summary>
/// The product's own metrics, one <see cref="Meter"/> named <see cref="MeterName"/> per silo (docs/operations.md
/// names each instrument). Grains call one method per event. No instrument carries a peer or file name: the only
/// tags are small fixed sets (<c>kind</c>), so a Prometheus series count does not grow with the network.
/// Gauges report what this silo's activations hold: each file grain and each tracker lives on one silo, so a sum
/// over the cluster's processes counts every pending delivery and every session once.
/// </summary>
public sealed class P2PMetrics : IDisposable
{
    public const string MeterName = "OrleansP2P";

    /// <summary>Fan-out latency buckets, in seconds: a small file to a few holders lands in milliseconds, 1,000 holders of a big file in minutes.</summary>
    public static readonly IReadOnlyList<double> FanOutBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>Tracker round buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> RoundBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _downloadsStarted, _downloadsOk, _downloadsFailed;
    private readonly Counter<long> _uploadsStarted, _uploadsOk, _uploadsFailed;
    private readonly Counter<long> _received, _sent, _verificationFailures;
    private readonly Counter<long> _loginsOk, _loginsFailed, _loginsThrottled;
    private readonly Histogram<double> _fanOut, _roundDuration;
    private readonly Histogram<long> _roundRows;
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _sessions = new(StringComparer.Ordinal);

    public P2PMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _downloadsStarted = _meter.CreateCounter<long>("p2p.downloads.started", "{download}", "Downloads a user asked a peer for.");
        _downloadsOk = _meter.CreateCounter<long>("p2p.downloads.ok", "{download}", "Downloads that ended with the file verified in the peer's folder.");
        _downloadsFailed = _meter.CreateCounter<long>("p2p.downloads.failed", "{download}", "Downloads that ended with any other status.");
        _uploadsStarted = _meter.CreateCounter<long>("p2p.uploads.started", "{upload}", "Saves of uploaded content (a new file or a new version) a user asked for.");
        _uploadsOk = _meter.CreateCounter<long>("p2p.uploads.ok", "{upload}", "Saves that created the file or published the new version.");
        _uploadsFailed = _meter.CreateCounter<long>("p2p.uploads.failed", "{upload}", "Saves that ended with any other status (stale, too large, refused).");
        _received = _meter.CreateCounter<long>("p2p.received", "By", "Verified content written into peer folders on this silo: downloads and delivered updates.");
        _sent = _meter.CreateCounter<long>("p2p.sent", "By", "Content this silo's peers served to other peers, chunk by chunk.");
        _verificationFailures = _meter.CreateCounter<long>("p2p.verification.failures", "{failure}", "Whole files, parts or updates whose SHA-256 did not match; kind = whole, part or update.");
        _loginsOk = _meter.CreateCounter<long>("p2p.logins.ok", "{login}", "Logins that opened or joined a session.");
        _loginsFailed = _meter.CreateCounter<long>("p2p.logins.failed", "{login}", "Logins refused for a wrong password or an unknown user.");
        _loginsThrottled = _meter.CreateCounter<long>("p2p.logins.throttled", "{login}", "Logins refused with 429 before the password was checked.");
        _fanOut = _meter.CreateHistogram<double>("p2p.fanout.duration", "s", "From an accepted update to its last reachable holder's folder.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FanOutBuckets });
        _roundDuration = _meter.CreateHistogram<double>("p2p.tracker.round.duration", "s", "One Tracker.txt publication round: build, render, write.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RoundBuckets });
        _roundRows = _meter.CreateHistogram<long>("p2p.tracker.round.rows", "{row}", "Rows of the Tracker.txt table a round published.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 100, 1_000, 10_000, 100_000, 1_000_000] });
        _meter.CreateObservableGauge("p2p.deliveries.pending", () => Sum(_pending), "{delivery}", "Holders still waiting for the current version of a file, over the file grains active on this silo.");
        _meter.CreateObservableGauge("p2p.sessions.active", () => Sum(_sessions), "{session}", "Logged-in peers, over the trackers active on this silo.");
    }

    /// <summary>Counts a download as started, runs it, and counts how it ended; <paramref name="bytes"/> of a success are counted as received.</summary>
    public async Task<DownloadReply> TrackDownloadAsync(Func<Task<DownloadReply>> download)
    {
        _downloadsStarted.Add(1);
        var reply = await CountFailureAsync(download, _downloadsFailed);
        (reply.Status == P2PStatus.Ok ? _downloadsOk : _downloadsFailed).Add(1);
        if (reply is { Status: P2PStatus.Ok, ServedBy.Length: > 0, File: { } file })
        {
            _received.Add(file.Size);
        }

        return reply;
    }

    public async Task<SaveReply> TrackUploadAsync(Func<Task<SaveReply>> save)
    {
        _uploadsStarted.Add(1);
        var reply = await CountFailureAsync(save, _uploadsFailed);
        (reply.Status is P2PStatus.Ok or P2PStatus.Created ? _uploadsOk : _uploadsFailed).Add(1);
        return reply;
    }

    /// <summary>An update (or part) a holder wrote into its folder after verifying it.</summary>
    public void Received(long bytes) => _received.Add(bytes);

    /// <summary>Counts a chunk this silo served as sent, and hands it on.</summary>
    public ChunkReply Served(ChunkReply reply)
    {
        _sent.Add(reply.Data.Length);
        return reply;
    }

    /// <param name="kind"><c>whole</c>, <c>part</c> or <c>update</c>: a fixed set, never a name. Null (a transfer that failed for another reason) counts nothing.</param>
    public void VerificationFailed(string? kind)
    {
        if (kind is not null)
        {
            _verificationFailures.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <summary>An update accepted at <paramref name="accepted"/> reached every holder that could be reached; none reached, no sample.</summary>
    public void FanOutCompleted(long accepted, int delivered)
    {
        if (delivered > 0)
        {
            _fanOut.Record(Since(accepted).TotalSeconds);
        }
    }

    public void TrackerRound(TimeSpan elapsed, int rows)
    {
        _roundDuration.Record(elapsed.TotalSeconds);
        _roundRows.Record(rows);
    }

    public void LoginOk() => _loginsOk.Add(1);

    public void LoginFailed() => _loginsFailed.Add(1);

    public void LoginThrottled() => _loginsThrottled.Add(1);

    /// <summary>What one file grain (by its grain key, never exported) still has to deliver; 0 forgets it.</summary>
    public void ReportPending(string fileGrain, int pending) => Report(_pending, fileGrain, pending);

    /// <summary>How many sessions one network's tracker holds; 0 forgets it (the tracker deactivated).</summary>
    public void ReportSessions(string network, int sessions) => Report(_sessions, network, sessions);

    public static long Timestamp() => Stopwatch.GetTimestamp();

    public static TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);

    public void Dispose() => _meter.Dispose();

    private static async Task<T> CountFailureAsync<T>(Func<Task<T>> run, Counter<long> failed)
    {
        try
        {
            return await run();
        }
        catch
        {
            failed.Add(1);
            throw;
        }
    }

    private static void Report(ConcurrentDictionary<string, int> into, string key, int value)
    {
        if (value <= 0)
        {
            into.TryRemove(key, out _);
        }
        else
        {
            into[key] = value;
        }
    }

    private static int Sum(ConcurrentDictionary<string, int> values)
    {
        var sum = 0;
        foreach (var (_, value) in values)
        {
            sum += value;
        }

        return sum;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansP2P.Diagnostics;

namespace OrleansP2P.Operations.Http;

/// <summary>
/// One log line per API request a user saw fail, with the status and the reason the user was given. 429s come
/// in floods (a script hammering a login); each client address gets at most one such line a minute, which says
/// how many were left out since.
/// </summary>
internal sealed class FailureLog(ILogger<FailureLog> logger, TimeProvider? clock = null)
{
    public static readonly TimeSpan ThrottledInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (long LoggedAt, int Suppressed)> _throttled = new(StringComparer.Ordinal);

    /// <returns>Whether a line was written.</returns>
    public bool Write(string method, string route, int status, string? reason, string? address)
    {
        var escapedReason = LogText.Escape(reason ?? "", max: 512);
        if (status == 429)
        {
            var key = address ?? "unknown";
            var now = _clock.GetTimestamp();
            var suppressed = 0;
            var write = false;
            _throttled.AddOrUpdate(
                key,
                _ => { write = true; return (now, 0); },
                (_, last) =>
                {
                    if (_clock.GetElapsedTime(last.LoggedAt, now) >= ThrottledInterval)
                    {
                        write = true;
                        suppressed = last.Suppressed;
                        return (now, 0);
                    }

                    write = false;
                    return (last.LoggedAt, last.Suppressed + 1);
                });
            if (!write)
            {
                return false;
            }

            logger.LogWarning("{Method} {Route} answered {Status} to {Address}: {Reason} ({Suppressed} more 429s to this address in the last minute were not logged)",
                method, LogText.Escape(route), status, LogText.Escape(key), escapedReason, suppressed);
            PruneThrottled(now);
            return true;
        }

        var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
        logger.Log(level, "{Method} {Route} answered {Status}: {Reason}", method, LogText.Escape(route), status, escapedReason);
        return true;
    }

    /// <summary>The reason in an error body: the API's <c>error</c>, or a problem's <c>detail</c> or <c>title</c>.</summary>
    public static string? ReasonIn(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            foreach (var name in (string[])["error", "detail", "title", "reason", "message"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return body.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(body);
    }

    private void PruneThrottled(long now)
    {
        if (_throttled.Count < 10_000)
        {
            return;
        }

        foreach (var (key, value) in _throttled)
        {
            if (_clock.GetElapsedTime(value.LoggedAt, now) >= ThrottledInterval && value.Suppressed == 0)
            {
                _throttled.TryRemove(key, out _);
            }
        }
    }
}

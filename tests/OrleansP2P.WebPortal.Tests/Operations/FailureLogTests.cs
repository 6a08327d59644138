using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansP2P.Operations.Http;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

public sealed class FailureLogTests
{
    private const string Category = "OrleansP2P.Operations.Http.FailureLog";

    [Fact]
    public async Task Each_failed_request_logs_one_line_with_its_status_and_reason_and_never_the_password()
    {
        var capture = new LogCapture();
        await using var portal = await new PortalFactory { TestServices = services => services.AddSingleton<ILoggerProvider>(capture) }.StartAsync();

        using var stranger = new ApiClient(portal);
        var secret = "not-the-password-4711";
        await ApiClient.AssertErrorAsync(await stranger.Http.PostAsJsonAsync("/api/login", new { username = "user4", password = secret }), HttpStatusCode.Unauthorized);

        using var user4 = await ApiClient.LogInAsync(portal, "user4");
        await user4.Http.PostAsync("/api/files/File3.txt/download", null);
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/files/File3.txt") { Content = new StringContent("stale") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        var reason = await ApiClient.AssertErrorAsync(await user4.Http.SendAsync(stale), HttpStatusCode.Conflict);

        var lines = capture.Lines.Where(l => l.Category == Category).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("POST /api/login answered 401: ", lines[0].Text, StringComparison.Ordinal);
        Assert.Equal($"PUT /api/files/{{name}} answered 409: {reason}", lines[1].Text);
        Assert.Contains("Peer=user4", lines[1].Scopes, StringComparison.Ordinal);
        Assert.Contains("Network=main", lines[1].Scopes, StringComparison.Ordinal);
        Assert.DoesNotContain(capture.Lines, l => l.Text.Contains(secret, StringComparison.Ordinal) || l.Scopes.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_login_flood_from_one_address_is_throttled_counted_and_logged_once()
    {
        var capture = new LogCapture();
        await using var portal = await new PortalFactory { TestServices = services => services.AddSingleton<ILoggerProvider>(capture) }.StartAsync();
        using var attacker = new ApiClient(portal);
        var throttled = 0;
        for (var i = 0; i < 30; i++)
        {
            var reply = await attacker.Http.PostAsJsonAsync("/api/login", new { username = "user4", password = $"guess-{i}" });
            throttled += reply.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.True(throttled > 0, "the login throttle answered 429");
        var tooMany = capture.TextsOf(Category).Where(t => t.Contains("answered 429", StringComparison.Ordinal)).ToList();
        Assert.Single(tooMany);
        Assert.DoesNotContain(capture.Lines, l => l.Text.Contains("guess-", StringComparison.Ordinal));

        using var scraper = new HttpClient { BaseAddress = portal.BaseAddress };
        var metrics = new PrometheusText(await scraper.GetStringAsync("/metrics"));
        Assert.True(metrics.Sum("p2p_logins_throttled_total") >= throttled, "each 429 counted as a throttled login");
    }

    [Fact]
    public void A_flood_of_429s_is_logged_once_a_minute_per_address_saying_how_many_were_left_out()
    {
        var capture = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        var clock = new ManualClock();
        var log = new FailureLog(loggers.CreateLogger<FailureLog>(), clock);

        Assert.True(log.Write("POST", "/api/login", 429, "Too many attempts.", "10.0.0.1"));
        for (var i = 0; i < 50; i++)
        {
            Assert.False(log.Write("POST", "/api/login", 429, "Too many attempts.", "10.0.0.1"));
        }

        Assert.True(log.Write("POST", "/api/login", 429, "Too many attempts.", "10.0.0.2"));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(log.Write("POST", "/api/login", 429, "Too many attempts.", "10.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(log.Write("POST", "/api/login", 429, "Too many attempts.", "10.0.0.1"));

        var lines = capture.TextsOf(Category).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("(51 more 429s", lines[2], StringComparison.Ordinal);
        Assert.True(log.Write("POST", "/api/login", 401, "Wrong username or password.", "10.0.0.1"), "other statuses are never held back");
    }

    [Fact]
    public void A_reason_with_a_line_break_cannot_forge_a_log_line()
    {
        var capture = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        new FailureLog(loggers.CreateLogger<FailureLog>()).Write("GET", "/api/files/{name}", 404, "No peer has x\nINFO forged line", "127.0.0.1");
        Assert.DoesNotContain('\n', Assert.Single(capture.TextsOf(Category)));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>
/// Meters are process-wide by name: another portal running beside this one in the test process would add its
/// downloads to these counters. This collection runs alone, so the differences it reads are this story's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Runs alone (process-wide meters)";
}

[Collection(AloneCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task After_user4_downloads_and_updates_File3_metrics_show_the_counts_and_bytes()
    {
        await using var portal = await new PortalFactory().StartAsync();
        using var scraper = new HttpClient { BaseAddress = portal.BaseAddress };
        var before = await ScrapeAsync(scraper);

        using var user4 = await ApiClient.LogInAsync(portal, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync("/api/files/File3.txt/download", null)).StatusCode);
        var edited = "File3.txt, edited by user4 for the metrics test";
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/files/File3.txt") { Content = new StringContent(edited, Encoding.UTF8) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await user4.Http.SendAsync(put)).StatusCode);
        Assert.Equal(edited, await File.ReadAllTextAsync(portal.PathIn("user3", "File3.txt")));

        // The exporter may answer from a cache for a moment: read until the update's fan-out shows.
        var after = await ScrapeUntilAsync(scraper, m => m.Sum("p2p_fanout_duration_seconds_count") > before.Sum("p2p_fanout_duration_seconds_count"));
        double Delta(string name, string? label = null) => after.Sum(name, label) - before.Sum(name, label);

        Assert.Equal(1, Delta("p2p_downloads_started_total"));
        Assert.Equal(1, Delta("p2p_downloads_ok_total"));
        Assert.Equal(0, Delta("p2p_downloads_failed_total"));
        Assert.Equal(1, Delta("p2p_uploads_started_total"));
        Assert.Equal(1, Delta("p2p_uploads_ok_total"));
        Assert.Equal(0, Delta("p2p_uploads_failed_total"));
        Assert.Equal(1, Delta("p2p_logins_ok_total"));
        Assert.Equal(0, Delta("p2p_logins_failed_total"));
        Assert.Equal(0, Delta("p2p_verification_failures_total"));

        // In: user4's download of File3.txt, then user3's copy of the new version. Out: the chunks user3 served
        // for the download (the small update travelled inline with its delivery, so nobody served chunks for it).
        Assert.Equal(DemoNetwork.File3.Length + edited.Length, Delta("p2p_received_bytes_total"));
        Assert.Equal(DemoNetwork.File3.Length, Delta("p2p_sent_bytes_total"));

        Assert.Equal(1, Delta("p2p_fanout_duration_seconds_count"));
        Assert.Equal(1, Delta("p2p_fanout_duration_seconds_bucket", "le=\"+Inf\""));
        Assert.True(after.Has("p2p_fanout_duration_seconds_bucket{") && after.Text.Contains("le=\"0.005\"", StringComparison.Ordinal), "explicit buckets");
        Assert.True(Delta("p2p_tracker_round_duration_seconds_count") >= 1);
        Assert.True(Delta("p2p_tracker_round_rows_count") >= 1);
        Assert.Equal(0, after.Sum("p2p_deliveries_pending"));
        Assert.Equal(1, after.Sum("p2p_sessions_active"));

        // Orleans' and ASP.NET Core's own meters are there too; no label carries a peer or file name.
        Assert.Contains("orleans_", after.Text, StringComparison.Ordinal);
        Assert.True(after.Has("http_server_request_duration_seconds"), "ASP.NET Core request metrics");
        foreach (var name in new[] { "user3", "user4", "File3" })
        {
            Assert.DoesNotContain(name, after.Text, StringComparison.Ordinal);
        }
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    private static async Task<PrometheusText> ScrapeUntilAsync(HttpClient http, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var metrics = await ScrapeAsync(http);
            if (condition(metrics))
            {
                return metrics;
            }

            Assert.True(DateTime.UtcNow < deadline, "The update's fan-out did not show in /metrics within 30 s.");
            await Task.Delay(200);
        }
    }
}

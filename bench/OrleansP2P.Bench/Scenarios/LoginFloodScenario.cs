using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OrleansP2P.Bench.Harness;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 11: a flood of logins for unknown usernames does not deny service to everyone else. The portal runs as
/// README's first command does; 16 loops post <c>ghost…</c> logins from 127.0.0.1, each as soon as its last was
/// answered, while a real user logs in from 127.0.0.9, one login after another (each a fresh login: no cookie).
/// Baseline: the same real logins against the same portal with no flood, in the same run.
/// </summary>
public static class LoginFloodScenario
{
    private const int Loops = 16;

    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.1");

    private static readonly IPAddress RealUser = IPAddress.Parse("127.0.0.9");

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var count = options.FloodLogins;
        Console.WriteLine($"11. {count} logins of user1 from {RealUser}, alone and during {Loops} loops of unknown-user logins from {Flooder}");
        await using var portal = await PortalProcess.StartAsync(options, "flood");
        using var real = portal.ClientFrom(RealUser);
        using var flood = portal.ClientFrom(Flooder);

        var alone = await TimeLoginsAsync(real, count);

        using var stop = new CancellationTokenSource();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var loops = Enumerable.Range(0, Loops).Select(loop => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var reply = await flood.PostAsync("/api/login", PortalProcess.LoginBody($"ghost{loop}x{i}", "x"), CancellationToken.None);
                statuses.AddOrUpdate(reply.StatusCode, 1, (_, n) => n + 1);
            }
        })).ToArray();

        // Timed from the flood's first requests on: its first failures are hashed (the decoy check) before the
        // address is held to 429.
        var during = await TimeLoginsAsync(real, count);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var median = Stats.Median(during);
        var max = during.Max();
        results.Add(11, $"{count} logins of a real user from {RealUser} during {Loops} loops of unknown-user logins from {Flooder}: median, max",
            $"{Format.Ms(median)}, max {Format.Ms(max)}",
            $"{Format.Ms(Stats.Median(alone))}, max {Format.Ms(alone.Max())} with no flood",
            Format.Ratio(median / Stats.Median(alone)),
            "< 1 s median, never over 5 s", median < 1000 && max < 5000);
        results.Note(11, $"the flood sent {Format.Int(statuses.Values.Sum())} logins during the timed ones ("
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{Format.Int(s.Value)} × {(int)s.Key}"))
            + "); every real login answered 200; the portal co-hosts its silo, PBKDF2 at the default strength.");
    }

    /// <summary>Logs user1 in <paramref name="count"/> times, one after another; each must answer 200. Milliseconds each.</summary>
    private static async Task<double[]> TimeLoginsAsync(HttpClient client, int count)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var reply = await client.PostAsync("/api/login", PortalProcess.LoginBody("user1", "password1"));
            times[i] = watch.Elapsed.TotalMilliseconds;
            Network.Expect(reply.StatusCode == HttpStatusCode.OK, $"a real login during the flood answered {(int)reply.StatusCode}: {await reply.Content.ReadAsStringAsync()}");
        }

        return times;
    }
}

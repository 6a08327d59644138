using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansP2P.Tests.Cluster;
using OrleansP2P.TrackerText;
using OrleansP2P.Tests.Redis;

namespace OrleansP2P.Tests.Processes;

/// <summary>
/// README's cluster, for real: Redis with every write on disk, host A and host B as two Silo processes each with its
/// own data root and the other's out of sight (a tmpfs over it in the process's own mount namespace), and the portal
/// as a client, all started with README's commands. Host B is killed (SIGKILL) and started again; each host's root
/// is checked on disk. Every API answer during the failover is a JSON 503 problem, never HTML or a 500.
/// </summary>
public sealed class ProcessClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);

    private readonly string _work = Path.Combine(Path.GetTempPath(), "orleansp2p-processes", Guid.NewGuid().ToString("N")[..12]);
    private readonly List<HostProcess> _processes = [];
    private OwnRedisServer? _redis;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        TestClusters.DeleteDataRoot(_work);
    }

    [ProcessFact]
    public async Task Two_hosts_and_a_portal_from_README_keep_each_peer_on_its_own_disk_through_a_kill_9_of_host_B()
    {
        var repository = Repository();
        var readme = ReadmeCluster.Read(Path.Combine(repository, "README.md"), _work, OwnRedisServer.FreePort);
        var siloA = readme.SiloOf("A");
        var siloB = readme.SiloOf("B");
        var rootA = siloA.Environment["P2P__DataRoot"];
        var rootB = siloB.Environment["P2P__DataRoot"];
        Assert.NotEqual(rootA, rootB);
        Directory.CreateDirectory(rootA);
        Directory.CreateDirectory(rootB);

        // README's Redis, on its own port and folder (README's AOF settings are what the restart test relies on).
        Assert.Contains("--appendonly", readme.RedisArguments);
        var redisPort = int.Parse(readme.RedisOption("--port"), System.Globalization.CultureInfo.InvariantCulture);
        var redisDir = readme.RedisOption("--dir");
        _redis = await OwnRedisServer.StartAsync(redisPort, redisDir, readme.RedisArguments);
        Assert.Equal($"127.0.0.1:{redisPort}", siloA.Environment["Cluster__Redis"]);

        // Each Silo sees only its own root; the portal, a client, sees neither.
        var a = Start("host A", siloA, hidden: [rootB]);
        var b = Start("host B", siloB, hidden: [rootA]);
        await ReadyAsync(a, HealthUrl(siloA));
        await ReadyAsync(b, HealthUrl(siloB));
        var portalUrl = $"http://127.0.0.1:{OwnRedisServer.FreePort()}";
        var portal = Start("portal", readme.Portal, hidden: [rootA, rootB], $"--Urls={portalUrl}");
        await ReadyAsync(portal, $"{portalUrl}/health/ready");
        using var http = new HttpClient { BaseAddress = new Uri(portalUrl) };

        // The demo peers are homed on the first host that seeds; both hosts are up.
        var demoHost = await PollAsync(async () =>
        {
            var hosts = await HostsAsync(http);
            return hosts.Count == 2 && hosts.Values.All(h => h.Up) && hosts.Values.Sum(h => h.Peers) == 4
                ? hosts.Single(h => h.Value.Peers == 4).Key : null;
        }, "both hosts up and the four demo peers homed on one of them");
        var demoRoot = demoHost == "A" ? rootA : rootB;

        // user5 signs up on host B and shares a file; user4 (demo host) gets a copy.
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/signup", new { username = "user5", password = "password5", host = "B" })).StatusCode);
        using var user5 = await LogInAsync(portalUrl, "user5");
        Assert.Equal(HttpStatusCode.Created, (await user5.PutAsync("/api/files/Five.txt", new StringContent("kept on host B\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/signup", new { username = "user6", password = "password6", host = "A" })).StatusCode);
        using var user6 = await LogInAsync(portalUrl, "user6");
        using var user4 = await LogInAsync(portalUrl, "user4");
        Assert.Equal(HttpStatusCode.OK, (await user4.PostAsync("/api/files/Five.txt/download", null)).StatusCode);

        // kill -9 host B: its peer answers 503 naming it, the other host's peers still work. Every API answer during
        // the failover, from the first call on, is a JSON problem: 503 with a reason, never the HTML error page and
        // never a 500 (a call to user5's peer, whose silo is gone; a login, whose tracker may have been on B).
        await b.KillAsync();
        var last = "";
        var refusal = await PollAsync(async () =>
        {
            // Until membership declares B dead, calls fail as "cannot be reached"; then the placement names the host.
            var reply = await user5.GetAsync("/api/files");
            var body = await reply.Content.ReadAsStringAsync();
            last = $"{(int)reply.StatusCode} {body}";
            AssertRefusedAsJson(reply, body, "user5's list during the failover");
            using (var login = new HttpClient { BaseAddress = new Uri(portalUrl) })
            {
                var loggedIn = await login.PostAsJsonAsync("/api/login", new { username = "user6", password = "password6" });
                if (loggedIn.StatusCode != HttpStatusCode.OK)
                {
                    AssertRefusedAsJson(loggedIn, await loggedIn.Content.ReadAsStringAsync(), "user6's login during the failover");
                }
            }

            return body.Contains("host B is down", StringComparison.Ordinal) ? body : null;
        }, "user5 is refused as offline: host B is down", () => $"last reply: {last}\nhost A:\n{a.Tail}\nportal:\n{portal.Tail}");
        Assert.Contains("user5 is offline: host B is down", refusal);
        await PollAsync(async () =>
        {
            using var login = new HttpClient { BaseAddress = new Uri(portalUrl) };
            var reply = await login.PostAsJsonAsync("/api/login", new { username = "user6", password = "password6" });
            if (reply.StatusCode != HttpStatusCode.OK)
            {
                AssertRefusedAsJson(reply, await reply.Content.ReadAsStringAsync(), "user6's login during the failover");
                return null;
            }

            return "";
        }, "user6 logs in again with host B down");
        Assert.Equal(HttpStatusCode.OK, (await user6.GetAsync("/api/files")).StatusCode);
        Assert.False((await HostsAsync(http))["B"].Up);

        // Host B again, with README's command: user5 is back with its file, on B's disk.
        b = Start("host B again", siloB, hidden: [rootA]);
        await ReadyAsync(b, HealthUrl(siloB));
        await PollAsync(async () => (await user5.GetAsync("/api/files")).StatusCode == HttpStatusCode.OK ? "" : null, "user5 answers again");
        Assert.Contains("Five.txt", await user5.GetStringAsync("/api/files"));

        // Each host's root on disk: its own marker, its own peers' folders and no one else's, a current Tracker.txt.
        Assert.Equal("A", File.ReadAllText(Path.Combine(rootA, ".p2p-host")).Trim());
        Assert.Equal("B", File.ReadAllText(Path.Combine(rootB, ".p2p-host")).Trim());
        Assert.Equal("kept on host B\n", File.ReadAllText(Path.Combine(rootB, "peers", "user5", "Five.txt")));
        Assert.Equal("kept on host B\n", File.ReadAllText(Path.Combine(demoRoot, "peers", "user4", "Five.txt")));
        Assert.Equal(demoHost == "B" ? ["user1", "user2", "user3", "user4", "user5"] : ["user5"], PeersIn(rootB));
        Assert.Equal(demoHost == "A" ? ["user1", "user2", "user3", "user4", "user6"] : ["user6"], PeersIn(rootA));
        // Tracker.txt: each host's own table lists Five.txt, and user5's folder on B shows it (its link stays on B).
        await PollAsync(() => Task.FromResult(new[] { rootA, rootB }.All(root => Lists(NetworkTrackerFile.PathIn(root), "Five.txt")) ? "" : null),
            "each host's Tracker.txt lists Five.txt");
        Assert.True(Lists(Path.Combine(rootB, "peers", "user5", "Tracker.txt"), "Five.txt"));
        Assert.StartsWith(rootB + Path.DirectorySeparatorChar, Path.GetFullPath(new FileInfo(Path.Combine(rootB, "peers", "user5", "Tracker.txt")).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.Combine(rootB, "peers", "user5", "Tracker.txt")));
    }

    private HostProcess Start(string name, ReadmeCluster.Command command, string[] hidden, params string[] extra)
    {
        var process = HostProcess.Start(name, command, Repository(), Configuration(), hidden, extra);
        _processes.Add(process);
        return process;
    }

    private static string HealthUrl(ReadmeCluster.Command silo) => $"http://127.0.0.1:{silo.Argument("--P2P:HealthPort")}/health/ready";

    private static async Task ReadyAsync(HostProcess process, string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await PollAsync(async () =>
        {
            Assert.False(process.HasExited, $"{process.Name} exited:\n{process.Tail}");
            try
            {
                return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK ? "" : null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, $"{process.Name} is ready at {url}", () => process.Tail);
    }

    private static async Task<HttpClient> LogInAsync(string portalUrl, string user)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(portalUrl) };
        var reply = await http.PostAsJsonAsync("/api/login", new { username = user, password = $"password{user[^1]}" });
        Assert.True(reply.StatusCode == HttpStatusCode.OK, $"{user} logs in: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        return http;
    }

    /// <summary>An API refusal while a silo fails over: 503 as a JSON problem with a reason (issue 12, item 8).</summary>
    private static void AssertRefusedAsJson(HttpResponseMessage reply, string body, string what)
    {
        Assert.True(
            reply.StatusCode == HttpStatusCode.ServiceUnavailable && reply.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{what}: {(int)reply.StatusCode} {reply.Content.Headers.ContentType} {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("error").GetString()), body);
    }

    private static async Task<Dictionary<string, (bool Up, int Peers)>> HostsAsync(HttpClient http)
    {
        using var hosts = JsonDocument.Parse(await http.GetStringAsync("/api/hosts"));
        return hosts.RootElement.EnumerateArray().ToDictionary(
            h => h.GetProperty("name").GetString()!,
            h => (h.GetProperty("state").GetString() == "up", h.GetProperty("peers").GetInt32()));
    }

    private static bool Lists(string trackerTxt, string name) =>
        File.Exists(trackerTxt) && File.ReadAllText(trackerTxt).Contains(name, StringComparison.Ordinal);

    private static string[] PeersIn(string root) =>
        Directory.Exists(Path.Combine(root, "peers"))
            ? [.. Directory.EnumerateDirectories(Path.Combine(root, "peers")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Polls until <paramref name="probe"/> gives a value (errors of a cluster on its way up count as "not yet").</summary>
    private static async Task<string> PollAsync(Func<Task<string?>> probe, string what, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow + StartBound;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = exception;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Timed out after {StartBound.TotalSeconds} s waiting until {what}. {last?.Message}\n{detail?.Invoke()}");
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansP2P.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (OrleansP2P.sln) is not above the test's folder.");
    }

    /// <summary>The configuration the tests were built in (…/bin/Debug/net10.0/): the processes run the same build.</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}

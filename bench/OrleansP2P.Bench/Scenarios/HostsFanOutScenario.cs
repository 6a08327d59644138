using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 10: item 3's update fan-out across 3 Silo processes as 3 hosts (README's cluster: Redis membership and
/// storage, a data root per host), holders spread evenly over the hosts, driven by a client as the portal is.
/// Read against the same fan-out in one process over the same Redis, so the ratio is the cost of hosts and
/// processes alone. Needs redis-server; the bench starts its own (README's settings: every write fsynced).
/// </summary>
public static class HostsFanOutScenario
{
    private static readonly string[] Hosts = ["A", "B", "C"];

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var holders = options.Quick ? 30 : 300;
        Console.WriteLine($"10. Update fan-out to {holders} holders across 3 Silo processes as 3 hosts, {options.FanOutRepeats} updates; and in one process");
        if (Executable("redis-server") is not { } redisServer)
        {
            results.Note(10, "item 10 skipped: it needs redis-server (README's cluster storage), which is not installed here.");
            return;
        }

        var redisPort = FreePort();
        var redisDir = Path.Combine(options.WorkRoot, "redis");
        Directory.CreateDirectory(redisDir);
        using var redis = Start(redisServer, ["--port", Text(redisPort), "--bind", "127.0.0.1", "--dir", redisDir, "--save", "", "--appendonly", "yes", "--appendfsync", "always"]);
        var connection = $"127.0.0.1:{Text(redisPort)}";
        try
        {
            await WaitAsync(() => Task.FromResult(CanConnect(redisPort)), "redis-server answers");

            double one;
            await using (var silo = await BenchSilo.StartAsync(options, "hosts-one", new Dictionary<string, string?> { ["P2P:Storage"] = "Redis", ["Cluster:Redis"] = connection }))
            {
                var users = Users(holders);
                var net = new Network(silo, "one");
                await net.SignUpAsync(users, concurrency: 8);
                one = await MeasureAsync(options, silo.Grains, "one", users, u => net.FolderOf(u));
            }

            var clusterId = "bench-hosts-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var children = Hosts.Select(h => StartHostSilo(options, h, connection, clusterId)).ToList();
            try
            {
                using var client = await StartClientAsync(connection, clusterId);
                var grains = client.Services.GetRequiredService<IClusterClient>();
                await WaitAsync(async () => (await grains.GetHostRegistry().ListHostsAsync()).Count(h => h.Live) == Hosts.Length, "the 3 hosts are live");
                var users = Users(holders);
                var homes = users.Select((u, i) => (u, Hosts[i % Hosts.Length])).ToDictionary(p => p.u, p => p.Item2);
                await Network.ForEachAsync(users, 8, async user =>
                {
                    var reply = await grains.GetTracker("three").SignUpAsync(new SignUpRequest(user, Network.PasswordOf(user), Host: homes[user]));
                    Network.Expect(reply.Status == P2PStatus.Created, $"sign-up of {user} on host {homes[user]}: {(int)reply.Status} {reply.Reason}");
                });
                var three = await MeasureAsync(options, grains, "three", users, u => Path.Combine(RootOf(options, homes[u]), "networks", "three", "peers", u));
                results.Add(10, $"Update of a 4 KiB file reaches all {Format.Int(holders)} holders' folders on 3 hosts, 3 Silo processes (median of {options.FanOutRepeats})",
                    $"{Format.Ms(three)} ({Format.Rate(holders - 1, TimeSpan.FromMilliseconds(three), "holders")})",
                    $"one process, same Redis {Format.Ms(one)}",
                    Format.Ratio(three / one) + " one process");
            }
            finally
            {
                foreach (var child in children)
                {
                    child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync();
                    child.Dispose();
                }
            }
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    /// <summary>In a child process of item 10 (<c>--host-silo NAME</c>): one Silo of host NAME in README's cluster shape, until killed.</summary>
    public static async Task RunHostSiloAsync(BenchOptions options, string host, string redis, string clusterId)
    {
        await using var silo = await BenchSilo.StartAsync(options, "host-" + host, new Dictionary<string, string?>
        {
            ["P2P:Host"] = host,
            ["P2P:Storage"] = "Redis",
            ["Cluster:Membership"] = "Redis",
            ["Cluster:Redis"] = redis,
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = Text(FreePort()),
            ["Cluster:GatewayPort"] = Text(FreePort()),
        });
        Console.WriteLine($"host {host} ready");
        await Task.Delay(Timeout.Infinite);
    }

    private static async Task<double> MeasureAsync(BenchOptions options, IGrainFactory grains, string network, string[] users, Func<string, string> folderOf)
    {
        var name = "shared.txt";
        var content = new byte[FanOutScenario.FileBytes];
        new Random(8).NextBytes(content);
        foreach (var user in users)
        {
            File.WriteAllBytes(Path.Combine(folderOf(user), name), content);
        }

        await Network.ForEachAsync(users, 8, async user =>
        {
            Network.Expect((await grains.LogInAsync(network, new LoginRequest(user, Network.PasswordOf(user)))).Status == P2PStatus.Ok, $"login of {user}");
            var reply = await grains.GetPeer(network, user).RescanAsync();
            Network.Expect(reply.Status == P2PStatus.Ok, $"rescan of {user}: {reply.Reason}");
        });

        var publisher = grains.GetPeer(network, users[0]);
        var folders = users.Select(folderOf).ToList();
        var random = new Random(3);
        var version = (await publisher.ListFilesAsync()).Single(f => f.Name == name).Version;
        (version, _) = await FanOutScenario.UpdateAsync(publisher, folders, name, version, random);
        var times = new List<double>();
        for (var turn = 0; turn < options.FanOutRepeats; turn++)
        {
            (version, var elapsed) = await FanOutScenario.UpdateAsync(publisher, folders, name, version, random);
            times.Add(elapsed.TotalMilliseconds);
        }

        return Stats.Median(times);
    }

    private static string[] Users(int count) => [.. Enumerable.Range(0, count).Select(i => Network.User("holder", i))];

    private static string RootOf(BenchOptions options, string host) => Path.Combine(options.WorkRoot, "host-" + host);

    private static Process StartHostSilo(BenchOptions options, string host, string redis, string clusterId)
    {
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(BenchOptions).Assembly.Location);
        }

        arguments.AddRange(["--host-silo", host, "--redis", redis, "--cluster-id", clusterId, "--work", options.WorkRoot, "--no-report"]);
        return Start(self, arguments);
    }

    private static async Task<IHost> StartClientAsync(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "Redis",
            ["Cluster:Redis"] = redis,
            ["Cluster:ClusterId"] = clusterId,
        });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseP2PClustering(builder.Configuration));
        var host = builder.Build();
        await WaitAsync(async () =>
        {
            try
            {
                await host.StartAsync();
                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return false;
            }
        }, "the client connects");
        return host;
    }

    private static Process Start(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Network.Expect(DateTime.UtcNow < deadline, what + " (within 2 minutes)");
            await Task.Delay(200);
        }
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

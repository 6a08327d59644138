using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace OrleansP2P.Bench.Harness;

/// <summary>
/// The portal as README's first command runs it (<c>dotnet run --project WebPortal</c>: one process, its own silo,
/// the demo network), built in the bench's configuration, on a free loopback port and a data root of its own.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private PortalProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<PortalProcess> StartAsync(BenchOptions options, string name)
    {
        var repository = options.RepositoryRoot ?? throw new InvalidOperationException("The portal runs from the repository (OrleansP2P.sln not found).");
        var configuration = typeof(PortalProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
        foreach (var argument in new[]
        {
            "run", "--no-build", "-c", configuration, "--project", Path.Combine(repository, "WebPortal"), "--no-launch-profile", "--",
            $"--Urls={url.ToString().TrimEnd('/')}", $"--P2P:DataRoot={Path.Combine(options.WorkRoot, name)}", "--P2P:SeedDemoData=true",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var portal = new PortalProcess(Process.Start(start)!, url);
        portal._process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        portal._process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();

        // Ready, and the demo network seeded: user1 can log in.
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            Network.Expect(!portal._process.HasExited, $"the portal exited: {portal.Tail}");
            Network.Expect(DateTime.UtcNow < deadline, $"the portal was not ready within 3 minutes: {portal.Tail}");
            try
            {
                using var login = await http.PostAsync("/api/login", LoginBody("user1", "password1"));
                if (login.StatusCode == HttpStatusCode.OK)
                {
                    return portal;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }
    }

    public static StringContent LoginBody(string user, string password) =>
        new($"{{\"username\":\"{user}\",\"password\":\"{password}\"}}", System.Text.Encoding.UTF8, "application/json");

    /// <summary>An HTTP client whose connections come from <paramref name="source"/> (any 127.x address reaches the portal).</summary>
    public HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = Url,
        Timeout = TimeSpan.FromMinutes(2),
    };

    private string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

}

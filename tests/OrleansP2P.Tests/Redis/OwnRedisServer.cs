using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansP2P.Tests.Redis;

/// <summary>
/// A redis-server process of the test's own, on a free loopback port, with its data in a folder of its own; killed
/// (SIGKILL, as a crash) and started again on the same port and folder. Stopped by its own process, never by name.
/// </summary>
public sealed class OwnRedisServer : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private Process? _process;

    private OwnRedisServer(string directory, int port, IReadOnlyList<string> arguments)
    {
        Directory = directory;
        Port = port;
        _arguments = arguments;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Connection => $"127.0.0.1:{Port}";

    /// <summary>redis-server on PATH, or null (<c>.ci/run</c> installs it).</summary>
    public static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);

    /// <summary>Starts a server with <paramref name="persistence"/> (for example <c>--appendonly yes --appendfsync always</c>).</summary>
    public static async Task<OwnRedisServer> StartAsync(string directory, params string[] persistence)
    {
        var port = FreePort();
        string[] arguments = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", .. persistence];
        return await StartAsync(port, directory, arguments);
    }

    /// <summary>Starts a server with exactly <paramref name="arguments"/>, which must name <paramref name="port"/> and <paramref name="directory"/>.</summary>
    public static async Task<OwnRedisServer> StartAsync(int port, string directory, IReadOnlyList<string> arguments)
    {
        System.IO.Directory.CreateDirectory(directory);
        var server = new OwnRedisServer(directory, port, arguments);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("redis-server is not on PATH; .ci/run installs it."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Cluster.TestClusters.WaitUntilAsync(() => Task.FromResult(Ping()), TimeSpan.FromSeconds(30), $"redis-server answers PING on port {Port}");
    }

    /// <summary>SIGKILL: whatever the server had not written is lost, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

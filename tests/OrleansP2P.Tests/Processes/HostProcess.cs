using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansP2P.Tests.Processes;

/// <summary>
/// One process of the cluster, started in a mount namespace of its own (<c>unshare -m</c>) in which a tmpfs covers
/// the folders it must not see, so another host's data root is out of its reach as on another machine. Killed with
/// SIGKILL, its whole tree (<c>dotnet run</c> and the app it started), as a machine that dies.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote, for a failure message.</summary>
    public string Tail => string.Join('\n', _output.TakeLast(40));

    /// <summary>
    /// Runs <paramref name="command"/> (README's) from <paramref name="repository"/> as <c>dotnet run --no-build -c
    /// <paramref name="configuration"/></c>: the solution is built already, and a build per process would race.
    /// </summary>
    public static HostProcess Start(string name, ReadmeCluster.Command command, string repository, string configuration, IEnumerable<string> hidden, IEnumerable<string> extraArguments)
    {
        var run = new List<string> { "dotnet", "run", "--no-build", "-c", configuration, "--project", command.Project, "--" };
        run.AddRange(command.Arguments);
        run.AddRange(extraArguments);
        var mounts = string.Concat(hidden.Select(path => $"mount -t tmpfs -o size=1m tmpfs {Quote(path)} && "));
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-m", "--propagation", "private", "sh", "-c", $"{mounts}exec {string.Join(' ', run.Select(Quote))}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in command.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new HostProcess(name, Process.Start(start)!);
    }

    /// <summary>kill -9 of the host: every process of its tree.</summary>
    public async Task KillAsync()
    {
        // Every process of the tree must be gone before the host starts again on the same ports.
        var tree = Descendants(_process.Id).Append(_process.Id).ToList();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await Cluster.TestClusters.WaitUntilAsync(() => Task.FromResult(tree.All(pid => !Directory.Exists($"/proc/{pid}"))), TimeSpan.FromSeconds(30), $"every process of {Name} has exited");
    }

    /// <summary>The processes below <paramref name="pid"/>, from /proc (Linux: this test runs only there).</summary>
    private static IEnumerable<int> Descendants(int pid)
    {
        var children = new List<int>();
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                // "pid (name) state ppid …": the name may hold spaces, so read after the last ')'.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(int.Parse(Path.GetFileName(Path.GetDirectoryName(stat)!), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
            }
        }

        return children.Concat(children.SelectMany(Descendants)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

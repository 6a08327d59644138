using System.Runtime;
using System.Runtime.InteropServices;

namespace OrleansP2P.Bench.Harness;

/// <summary>The machine a run measured: cores, memory, OS, .NET, and the disk the data root is on.</summary>
public sealed record Machine(string Cpu, int Cores, long MemoryBytes, string Os, string Dotnet, string Gc, string Disk)
{
    public static Machine Describe(string workRoot) => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemTotal(),
        OsName(),
        RuntimeInformation.FrameworkDescription,
        (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"),
        DiskOf(workRoot));

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static long MemTotal()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"');
        // OSDescription is the same pretty name on some systems; the kernel release is what it should add.
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault();
        return pretty is null ? RuntimeInformation.OSDescription : kernel is null ? pretty : $"{pretty}, Linux {kernel}";
    }

    /// <summary>The mount that holds <paramref name="path"/>: device and file system, from /proc/mounts.</summary>
    private static string DiskOf(string path)
    {
        var full = Path.GetFullPath(path);
        var best = ReadLines("/proc/mounts")
            .Select(l => l.Split(' '))
            .Where(f => f.Length >= 3 && (full == f[1] || full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
            .OrderByDescending(f => f[1].Length)
            .FirstOrDefault();
        return best is null ? "unknown" : $"{best[0]} ({best[2]}) mounted at {best[1]}";
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}

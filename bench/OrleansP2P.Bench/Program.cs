using System.Diagnostics;
using System.Text.Json;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Bench.Scenarios;

// dotnet run -c Release --project bench/OrleansP2P.Bench [-- --quick] [--items 1,2,...] [--rows a,d (item 13)] [--report PATH | --no-report]
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.WorkRoot);

if (options.HostSilo is var (host, redis, clusterId))
{
    // Item 10: one Silo process of a 3-host cluster, until the bench stops it.
    await HostsFanOutScenario.RunHostSiloAsync(options, host, redis, clusterId);
    return 0;
}

if (options.ChildResultPath is { } childResult)
{
    // The crowd (items 4 and 6) runs in a process of its own, so the RSS it reports is the silo's alone.
    var crowd = new Results();
    await CrowdScenario.RunAsync(options, crowd);
    await File.WriteAllTextAsync(childResult, JsonSerializer.Serialize(crowd));
    return 0;
}

var machine = Machine.Describe(options.WorkRoot);
Console.WriteLine($"OrleansP2P benchmarks, {options.Mode} mode, on {machine.Cpu}, {machine.Cores} cores, {Format.Bytes(machine.MemoryBytes)}; {machine.Os}; {machine.Dotnet}");
Console.WriteLine($"Work folder {options.WorkRoot} on {machine.Disk}; grain storage {options.Storage}");

var results = new Results();
var total = Stopwatch.StartNew();
async Task Stage(int[] items, Func<Task> run)
{
    if (!items.Any(options.Items.Contains))
    {
        return;
    }

    var watch = Stopwatch.StartNew();
    try
    {
        await run();
    }
    catch (Exception exception)
    {
        Console.WriteLine(exception);
        results.Add(items[0], "FAILED", exception.GetType().Name + ": " + exception.Message.ReplaceLineEndings(" "), met: false);
    }

    Console.WriteLine($"   ({watch.Elapsed.TotalSeconds:0.0} s)");
}

await Stage([7], () => GrainCallScenario.RunAsync(options, results));
await Stage([1, 2], () => TransferScenario.RunAsync(options, results));
await Stage([13], () => PiecesScenario.RunAsync(options, results));
await Stage([3], () => FanOutScenario.RunAsync(options, results));
await Stage([10], () => HostsFanOutScenario.RunAsync(options, results));
await Stage([12], () => FolderEditScenario.RunAsync(options, results));
await Stage([4, 6], () => RunCrowdInChildAsync(options, results));
await Stage([8], () => SoakScenario.RunAsync(options, results));
await Stage([9], () => SessionScenario.RunAsync(options, results));
await Stage([11], () => LoginFloodScenario.RunAsync(options, results));
await Stage([5], () =>
{
    TrackerTextScenario.Run(options, results);
    return Task.CompletedTask;
});

// Stable: rows of one item keep the order they were measured in.
results.Rows = [.. results.Rows.OrderBy(r => r.Item)];
results.Notes.Sort(StringComparer.Ordinal);
Report.Print(results);
Console.WriteLine($"Total {total.Elapsed.TotalMinutes:0.0} min");
if (options.ReportPath is { } reportPath)
{
    Report.Write(reportPath, options, machine, results, total.Elapsed,
        "dotnet run -c Release --project bench/OrleansP2P.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""));
}

if (!options.KeepData)
{
    try
    {
        Directory.Delete(options.WorkRoot, recursive: true);
    }
    catch (IOException exception)
    {
        Console.WriteLine($"Could not delete {options.WorkRoot}: {exception.Message}");
    }
}

return 0;

static async Task RunCrowdInChildAsync(BenchOptions options, Results results)
{
    var resultPath = Path.Combine(options.WorkRoot, "crowd.json");
    var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        start.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
    }

    foreach (var argument in options.ChildArgs(resultPath))
    {
        start.ArgumentList.Add(argument);
    }

    using var child = Process.Start(start)!;
    using var limit = new CancellationTokenSource(options.Quick ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(30));
    try
    {
        await child.WaitForExitAsync(limit.Token);
    }
    catch (OperationCanceledException)
    {
        child.Kill(entireProcessTree: true);
        throw new TimeoutException("The crowd (items 4 and 6) did not finish in time; its process was stopped.");
    }

    if (child.ExitCode != 0 || !File.Exists(resultPath))
    {
        throw new InvalidOperationException($"The crowd process exited with code {child.ExitCode}.");
    }

    results.Merge(JsonSerializer.Deserialize<Results>(await File.ReadAllTextAsync(resultPath))!);
}

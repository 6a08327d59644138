using System.Diagnostics;
using System.Globalization;
using OrleansP2P.Bench.Harness;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 12: a 4 KiB file held by H peers is edited in the first holder's folder (a plain write, as an editor saves);
/// measured from the write until every holder's folder has the new bytes, through the host's watcher (its quiet
/// period included). Baseline: the same edit saved through the API (item 3's measure) in the same run.
/// </summary>
public static class FolderEditScenario
{
    private static readonly int[] HolderCounts = [3, 100];

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var peers = HolderCounts.Max();
        Console.WriteLine($"12. A 4 KiB edit saved in a folder, to {string.Join(" and ", HolderCounts)} holders, {options.FanOutRepeats} edits each, beside the API edit");
        await using var silo = await BenchSilo.StartAsync(options, "folderedit");
        var net = new Network(silo, "edit");
        var users = Enumerable.Range(0, peers).Select(i => Network.User("holder", i)).ToArray();
        await net.SignUpAsync(users);
        await net.LogInAsync(users[0]);

        var random = new Random(11);
        foreach (var count in HolderCounts)
        {
            var content = new byte[FanOutScenario.FileBytes];
            random.NextBytes(content);
            foreach (var user in users.Take(count))
            {
                net.Drop(user, NameFor(count), content);
            }
        }

        await Network.ForEachAsync(users, 64, net.RescanAsync);
        foreach (var count in HolderCounts)
        {
            var name = NameFor(count);
            var folders = users.Take(count).Select(net.FolderOf).ToArray();
            var version = (await net.Peer(users[0]).ListFilesAsync()).Single(f => f.Name == name).Version;

            // One untimed edit each way first: every holder's grain active, every path jitted.
            (version, _) = await FanOutScenario.UpdateAsync(net.Peer(users[0]), folders, name, version, random);
            await EditInFolderAsync(folders, name, random);
            version = await RecordedVersionAsync(silo, net, users[0], name);
            var viaFolder = new List<double>();
            var viaApi = new List<double>();
            for (var turn = 0; turn < options.FanOutRepeats; turn++)
            {
                viaFolder.Add((await EditInFolderAsync(folders, name, random)).TotalMilliseconds);
                version = await RecordedVersionAsync(silo, net, users[0], name);
                (version, var elapsed) = await FanOutScenario.UpdateAsync(net.Peer(users[0]), folders, name, version, random);
                viaApi.Add(elapsed.TotalMilliseconds);
            }

            var (median, baseline) = (Stats.Median(viaFolder), Stats.Median(viaApi));
            results.Add(12, $"A 4 KiB edit saved in the folder reaches all {Format.Int(count)} holders' folders (median of {options.FanOutRepeats})",
                Format.Ms(median),
                $"the same edit through the API {Format.Ms(baseline)}",
                Format.Ratio(median / baseline) + " the API edit",
                "< 1 s median", median < 1000);
        }

        results.Note(12, "The folder edit includes the watcher's quiet period (P2P:WatchQuietPeriod, 250 ms): a change is read once the folder has been quiet that long.");
    }

    /// <summary>The network's current version once the publisher's own record has it too (its next API edit is based on it).</summary>
    private static async Task<long> RecordedVersionAsync(BenchSilo silo, Network net, string publisher, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var current = (await silo.Grains.GetFile(net.Name, OrleansP2P.Protocol.FileKey.Compute(name)).LocateAsync()).Location!.Version;
            if ((await net.Peer(publisher).ListFilesAsync()).Single(f => f.Name == name).Version == current)
            {
                return current;
            }

            Network.Expect(DateTime.UtcNow < deadline, $"the publisher's record of {name} never reached version {current}");
            await Task.Delay(5);
        }
    }

    private static string NameFor(int holders) => string.Create(CultureInfo.InvariantCulture, $"edited-{holders}.txt");

    /// <summary>Writes new content into the first folder and waits until every folder shows it; the time from the write.</summary>
    private static async Task<TimeSpan> EditInFolderAsync(IReadOnlyList<string> folders, string name, Random random)
    {
        var content = new byte[FanOutScenario.FileBytes];
        random.NextBytes(content);
        var started = Stopwatch.GetTimestamp();
        await File.WriteAllBytesAsync(Path.Combine(folders[0], name), content);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var lagging = folders.Skip(1).ToList();
        while (true)
        {
            lagging = [.. lagging.Where(f => !FanOutScenario.Has(f, name, content))];
            if (lagging.Count == 0)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            Network.Expect(DateTime.UtcNow < deadline, $"{lagging.Count} holders of {name} never got the edit saved in the folder");
            await Task.Delay(5);
        }
    }
}

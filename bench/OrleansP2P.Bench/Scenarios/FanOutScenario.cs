using System.Diagnostics;
using System.Globalization;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 3: a 4 KiB file held by H peers is updated by one of them; measured from the save until every holder's
/// folder has the new content. Baseline: the same number of durable 4 KiB replaces (write, fsync, rename) on the
/// same disk, 16 at a time, with no network at all.
/// </summary>
public static class FanOutScenario
{
    internal const int FileBytes = 4096;

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var holders = options.Holders.Order().ToArray();
        var peers = holders.Max();
        Console.WriteLine($"3. Update fan-out to {string.Join(", ", holders)} holders of a 4 KiB file, {options.FanOutRepeats} updates each");
        await using var silo = await BenchSilo.StartAsync(options, "fanout");
        var net = new Network(silo, "fan");
        var users = Enumerable.Range(0, peers).Select(i => Network.User("holder", i)).ToArray();

        var watch = Stopwatch.StartNew();
        await net.SignUpAsync(users);
        var signUp = watch.Elapsed;
        await net.LogInAsync(users[0]);

        var random = new Random(3);
        foreach (var count in holders)
        {
            var content = new byte[FileBytes];
            random.NextBytes(content);
            foreach (var user in users.Take(count))
            {
                net.Drop(user, NameFor(count), content);
            }
        }

        watch.Restart();
        await Network.ForEachAsync(users, 256, net.RescanAsync);
        results.Note(3, $"setup: {peers} peers signed up in {Format.Seconds(signUp.TotalSeconds)} (PBKDF2 per sign-up), their {holders.Sum()} copies announced in {Format.Seconds(watch.Elapsed.TotalSeconds)}.");

        var scratch = Path.Combine(options.WorkRoot, "fanout-baseline");
        Directory.CreateDirectory(scratch);
        foreach (var count in holders)
        {
            var name = NameFor(count);
            var version = (await net.Peer(users[0]).ListFilesAsync()).Single(f => f.Name == name).Version;

            // One untimed update first: every holder's grain active, every path jitted.
            (version, _) = await UpdateAsync(net.Peer(users[0]), [.. users.Take(count).Select(net.FolderOf)], name, version, random);
            var times = new List<double>();
            var baselines = new List<double>();
            for (var turn = 0; turn < options.FanOutRepeats; turn++)
            {
                (version, var elapsed) = await UpdateAsync(net.Peer(users[0]), [.. users.Take(count).Select(net.FolderOf)], name, version, random);
                times.Add(elapsed.TotalMilliseconds);
                baselines.Add(await DurableReplacesAsync(scratch, count));
            }

            var (median, baseline) = (Stats.Median(times), Stats.Median(baselines));
            results.Add(3, $"Update of a 4 KiB file reaches all {Format.Int(count)} holders' folders (median of {options.FanOutRepeats})",
                $"{Format.Ms(median)} ({Format.Rate(count - 1, TimeSpan.FromMilliseconds(median), "holders")})",
                $"{Format.Int(count)} durable 4 KiB replaces {Format.Ms(baseline)}",
                Format.Ratio(median / baseline) + " the disk's own time",
                count == 1000 ? "< 1 s median" : "", count == 1000 ? median < 1000 : null);
        }
    }

    private static string NameFor(int holders) => string.Create(CultureInfo.InvariantCulture, $"shared-{holders}.txt");

    /// <summary>
    /// The first holder (<paramref name="publisher"/>) saves new content. Returns the time from the save until every
    /// holder's folder showed the new bytes: the reply time when the folders all have it at the first look after the
    /// reply (the reply promises that), else the time of the look that found the last one.
    /// </summary>
    internal static async Task<(long Version, TimeSpan Elapsed)> UpdateAsync(IPeerClientGrain publisher, IReadOnlyList<string> folders, string name, long version, Random random)
    {
        var content = new byte[FileBytes];
        random.NextBytes(content);
        using var stream = new MemoryStream(content);
        var started = Stopwatch.GetTimestamp();
        var reply = await publisher.UploadAndSaveAsync(name, stream, version);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Network.Expect(reply.Status == P2PStatus.Ok && reply.HoldersUpdated == folders.Count - 1, $"update of {name}: {(int)reply.Status} {reply.Reason}");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var lagging = folders.Where(f => !Has(f, name, content)).ToList();
        while (lagging.Count > 0)
        {
            Network.Expect(DateTime.UtcNow < deadline, $"{lagging.Count} holders of {name} never got version {reply.File!.Version}");
            await Task.Delay(5);
            lagging = [.. lagging.Where(f => !Has(f, name, content))];
            elapsed = Stopwatch.GetElapsedTime(started);
        }

        return (reply.File!.Version, elapsed);
    }

    internal static bool Has(string folder, string name, byte[] content)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(folder, name)).AsSpan().SequenceEqual(content);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>What the update costs the disk alone: <paramref name="count"/> atomic, durable 4 KiB replaces, 16 at a time.</summary>
    private static async Task<double> DurableReplacesAsync(string scratch, int count)
    {
        var content = new byte[FileBytes];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var target = Path.Combine(scratch, $"f{i}.txt");
            var temp = target + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, token);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        });
        return watch.Elapsed.TotalMilliseconds;
    }
}

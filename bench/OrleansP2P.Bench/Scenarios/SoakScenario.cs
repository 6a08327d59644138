using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Diagnostics;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 8, the soak: 48 clients, each a logged-in peer, for several minutes; each loops save a new file, save
/// another, download a file of another peer, edit one of its own — so the network grows the whole time (to at
/// least 10,000 files in the full run). Throughput is counted per second; the figure is the last window's
/// requests per second against the first window's. A change that costs O(files) shows as a ratio well below 1.
/// Clients call the grains as the co-hosted portal does (no HTTP), so the figure is the grains' alone.
/// </summary>
public static class SoakScenario
{
    private const int Clients = 48;

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var (minutes, target) = (options.SoakMinutes, options.SoakFiles);
        var window = options.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromMinutes(1);
        Console.WriteLine($"8. Soak: {Clients} clients for at least {minutes} min, until the network holds {Format.Int(target)} files");
        await using var silo = await BenchSilo.StartAsync(options, "soak");
        var net = new Network(silo, "soak");
        var users = Enumerable.Range(0, Clients).Select(i => Network.User("soak", i)).ToArray();
        await net.SignUpAsync(users);
        await Network.ForEachAsync(users, Clients, net.LogInAsync);

        // Every client's saved names in the order they were saved (append-only, under its own lock): each client reads
        // on from a cursor of its own, so picking what to download costs the bench O(1), not O(files so far).
        var names = new List<string>();
        int NameCount()
        {
            lock (names)
            {
                return names.Count;
            }
        }

        var perSecond = new int[60 * 60];
        var downloads = new ConcurrentBag<(double Second, double Ms)>();
        var edits = new ConcurrentBag<(double Second, double Ms)>();
        var created = new ConcurrentBag<double>();
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        var least = TimeSpan.FromMinutes(minutes);
        var most = least * 3;
        bool Done() => Stopwatch.GetElapsedTime(started) is var t && (t >= most || (t >= least && NameCount() >= target));

        async Task ClientAsync(string user, int index)
        {
            var random = new Random(index);
            var own = new List<(string Name, long Version)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var cursor = 0;
            for (var step = 0; !Done(); step++)
            {
                var opStarted = Stopwatch.GetTimestamp();
                bool ok;
                switch (step % 4)
                {
                    case 0 or 1:
                        var name = string.Create(CultureInfo.InvariantCulture, $"{user}-{step}.txt");
                        var saved = await SaveAsync(net, user, name, null, step);
                        ok = saved is not null;
                        if (saved is { } version)
                        {
                            own.Add((name, version));
                            lock (names)
                            {
                                names.Add(name);
                            }

                            created.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                        }

                        break;
                    case 2:
                        // The oldest 64 names this client neither saved nor downloaded yet.
                        bool Wanted(string n) => !n.StartsWith(user + "-", StringComparison.Ordinal) && !seen.Contains(n);
                        var others = new List<string>(64);
                        lock (names)
                        {
                            while (cursor < names.Count && !Wanted(names[cursor]))
                            {
                                cursor++;
                            }

                            for (var i = cursor; i < names.Count && others.Count < 64; i++)
                            {
                                if (Wanted(names[i]))
                                {
                                    others.Add(names[i]);
                                }
                            }
                        }

                        if (others.Count == 0)
                        {
                            continue;
                        }

                        var pick = others[random.Next(others.Count)];
                        seen.Add(pick);
                        ok = (await net.Peer(user).DownloadAsync(new DownloadRequest(pick))).Status == P2PStatus.Ok;
                        downloads.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.GetElapsedTime(opStarted).TotalMilliseconds));
                        break;
                    default:
                        var (file, baseVersion) = own[random.Next(own.Count)];
                        var edited = await SaveAsync(net, user, file, baseVersion, step);
                        ok = edited is not null;
                        if (edited is { } newVersion)
                        {
                            own[own.FindIndex(o => o.Name == file)] = (file, newVersion);
                        }

                        edits.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.GetElapsedTime(opStarted).TotalMilliseconds));
                        break;
                }

                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }

                var second = (int)Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (second < perSecond.Length)
                {
                    Interlocked.Increment(ref perSecond[second]);
                }
            }
        }

        // The process's CPU time, once a second: CPU per request does not depend on how much of the machine the
        // bench gets, so on a shared machine it shows whether a change costs more as the network grows.
        var cpu = new ConcurrentQueue<(double Second, double CpuSeconds)>();
        using var process = Process.GetCurrentProcess();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                process.Refresh();
                cpu.Enqueue((Stopwatch.GetElapsedTime(started).TotalSeconds, process.TotalProcessorTime.TotalSeconds));
            }
            while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
        });

        // The tracker's publication rounds, per second: how many ran and how long they took (the product's own metric).
        var rounds = new (int Count, double Seconds)[perSecond.Length];
        using var roundListener = new MeterListener();
        roundListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: P2PMetrics.MeterName, Name: "p2p.tracker.round.duration" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        roundListener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            var at = (int)Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (at < rounds.Length)
            {
                lock (rounds)
                {
                    rounds[at] = (rounds[at].Count + 1, rounds[at].Seconds + seconds);
                }
            }
        });
        roundListener.Start();

        await Task.WhenAll(users.Select((u, i) => Task.Run(() => ClientAsync(u, i))));
        await sampling.CancelAsync();
        await sampler;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var seconds = (int)elapsed.TotalSeconds;
        var w = (int)window.TotalSeconds;
        double Rate(int from) => perSecond.Skip(from).Take(w).Sum() / (double)w;
        var (first, last) = (Rate(0), Rate(Math.Max(w, seconds - w)));
        var snapshot = await net.Tracker.GetSnapshotAsync();
        var atScale = names.Count >= 10_000 && elapsed >= TimeSpan.FromMinutes(3);
        results.Add(8, $"Soak, {Clients} clients for {Format.Seconds(elapsed.TotalSeconds)}, network grown to {Format.Int(names.Count)} files: requests/s in the last {Format.Seconds(w)} against the first",
            $"{Format.Number(last)} req/s", $"{Format.Number(first)} req/s in the first {Format.Seconds(w)}", Format.Ratio(last / first),
            atScale ? "≥ 0.80×" : "", atScale ? last / first >= 0.8 : null);
        double CpuAt(double second) => cpu.LastOrDefault(c => c.Second <= second, cpu.FirstOrDefault()).CpuSeconds;
        double CpuMsPerRequest(int from) => perSecond.Skip(from).Take(w).Sum() is var requests and > 0
            ? (CpuAt(from + w) - CpuAt(from)) * 1000 / requests
            : double.NaN;
        var (firstCpu, lastCpu) = (CpuMsPerRequest(0), CpuMsPerRequest(Math.Max(w, seconds - w)));
        results.Add(8, "Soak CPU per request (the bench process: silo and clients), last window against the first",
            Format.Ms(lastCpu), $"{Format.Ms(firstCpu)} in the first {Format.Seconds(w)}", Format.Ratio(lastCpu / firstCpu));
        results.Add(8, "Soak download p50, first window → last window",
            $"{Format.Ms(P50(downloads, 0, w))} → {Format.Ms(P50(downloads, seconds - w, seconds))}");
        results.Add(8, "Soak edit p50, first window → last window",
            $"{Format.Ms(P50(edits, 0, w))} → {Format.Ms(P50(edits, seconds - w, seconds))}");

        // Minute by minute (quick: by window), so a slow decline shows where it starts, with the network's size then.
        for (var from = 0; from + w <= seconds; from += w)
        {
            var to = from + w;
            var (roundCount, roundSeconds) = rounds.Skip(from).Take(w).Aggregate((Count: 0, Seconds: 0.0), (a, r) => (a.Count + r.Count, a.Seconds + r.Seconds));
            results.Add(8, $"Soak {from}–{to} s, network {Format.Int(created.Count(c => c < from))} → {Format.Int(created.Count(c => c < to))} files: requests/s; download p50; edit p50; tracker rounds/s, mean round",
                $"{Format.Number(Rate(from))} req/s; {Format.Ms(P50(downloads, from, to))}; {Format.Ms(P50(edits, from, to))}; "
                + $"{Format.Number(roundCount / (double)w)}/s, {Format.Ms(roundCount > 0 ? roundSeconds * 1000 / roundCount : double.NaN)}");
        }

        results.Note(8, $"{Format.Int(perSecond.Sum())} requests (2 saves, 1 download, 1 edit per round of a client), {failures} not 200; tracker version {Format.Int(snapshot.Version)}, {Format.Int(snapshot.Rows.Length)} rows at the end. "
            + "Clients call the grains directly, as the co-hosted portal does.");
    }

    private static double P50(IEnumerable<(double Second, double Ms)> samples, double from, double to) =>
        Stats.Median(samples.Where(s => s.Second >= from && s.Second < to).Select(s => s.Ms));

    private static async Task<long?> SaveAsync(Network net, string user, string name, long? baseVersion, int step)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes($"{name} at step {step}\n"));
        var reply = await net.Peer(user).UploadAndSaveAsync(name, content, baseVersion);
        return reply.Status is P2PStatus.Ok or P2PStatus.Created ? reply.File?.Version : null;
    }
}

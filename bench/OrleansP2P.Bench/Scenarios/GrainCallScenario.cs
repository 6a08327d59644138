using System.Diagnostics;
using OrleansP2P.Bench.Harness;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>Item 7: calls per second of a trivial grain method in this process, sequential and with many calls in flight.</summary>
public static class GrainCallScenario
{
    public static async Task<double> RunAsync(BenchOptions options, Results results)
    {
        Console.WriteLine("7. Grain-call baseline");
        await using var silo = await BenchSilo.StartAsync(options, "calls");
        var duration = TimeSpan.FromSeconds(options.Quick ? 1.5 : 4);
        const int grains = 64;
        const int inFlight = 256;

        // Warm up: activate every grain, JIT every path.
        await Task.WhenAll(Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<IPingGrain>(i).PingAsync(i)));
        await ConcurrentAsync(silo.Grains, grains, inFlight, TimeSpan.FromSeconds(0.5));

        var sequential = await SequentialAsync(silo.Grains.GetGrain<IPingGrain>(0), duration / 2);
        var concurrent = await ConcurrentAsync(silo.Grains, grains, inFlight, duration);
        var hops = await ThreadPoolHopsAsync(inFlight, duration / 2);

        results.Add(7, "Trivial grain call, one at a time", Format.Us(1e6 / sequential) + " per call", "", Format.Number(sequential) + " calls/s");
        results.Add(7, $"Trivial grain call, {inFlight} in flight over {grains} grains (the engine's ceiling)", Format.Number(concurrent) + " calls/s",
            Format.Number(hops) + " thread-pool round trips/s", Format.Ratio(concurrent / hops) + " of the thread-pool hop rate");
        return concurrent;
    }

    private static async Task<double> SequentialAsync(IPingGrain grain, TimeSpan duration)
    {
        var calls = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (var i = 0; i < 100; i++)
            {
                await grain.PingAsync(i);
            }

            calls += 100;
        }

        return calls / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The ceiling measured again where another figure needs it (the crowd runs in its own process).</summary>
    public static async Task<double> CeilingAsync(IGrainFactory grains, TimeSpan duration)
    {
        await ConcurrentAsync(grains, 64, 256, TimeSpan.FromSeconds(0.3));
        return await ConcurrentAsync(grains, 64, 256, duration);
    }

    private static async Task<double> ConcurrentAsync(IGrainFactory grains, int grainCount, int inFlight, TimeSpan duration)
    {
        var calls = 0L;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async worker =>
        {
            var grain = grains.GetGrain<IPingGrain>(worker % grainCount);
            var mine = 0L;
            while (watch.Elapsed < duration)
            {
                for (var i = 0; i < 50; i++)
                {
                    await grain.PingAsync(i);
                }

                mine += 50;
            }

            Interlocked.Add(ref calls, mine);
        });
        await Task.WhenAll(workers);
        return calls / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The cheapest cross-thread call there is: a work item queued to the thread pool and awaited, as many in flight.</summary>
    private static async Task<double> ThreadPoolHopsAsync(int inFlight, TimeSpan duration)
    {
        var calls = 0L;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async worker =>
        {
            var mine = 0L;
            var value = worker;
            while (watch.Elapsed < duration)
            {
                for (var i = 0; i < 50; i++)
                {
                    value = await Task.Run(() => value + 1);
                }

                mine += 50;
            }

            Interlocked.Add(ref calls, mine);
        });
        await Task.WhenAll(workers);
        return calls / watch.Elapsed.TotalSeconds;
    }
}

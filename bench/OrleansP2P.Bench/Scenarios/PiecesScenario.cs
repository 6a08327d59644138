using System.Diagnostics;
using System.Globalization;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 13, issue 14's table: downloads piece by piece (one source, four throttled sources, one of them slowed,
/// four parts), a download cut off at half and resumed after a silo restart, a piece corrupted on the way, and an
/// in-place edit and an insertion delivered to three holders. The throttle is the bench's own call filter
/// (<see cref="ServeThrottle"/>), never a product setting. Each contender runs in turns beside its baseline.
/// </summary>
public static class PiecesScenario
{
    private const int Item = 13;
    private const int Sources = 4;
    private const int EditBytes = 4096;

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var size = options.FileMiB * 1024L * 1024;
        var pieceSize = PieceLayout.DefaultPieceSize;
        var turns = Math.Min(options.Repeats, 5);

        // Four sources at this rate each could serve the file in a quarter of one source's time, still slower than the machine.
        var rate = options.Quick ? 64.0 * 1024 * 1024 : 96.0 * 1024 * 1024;
        Console.WriteLine($"13. Pieces: {options.FileMiB} MiB, {turns} turns, throttled sources at {Format.Bytes(rate)}/s");

        string[] sources = [.. Enumerable.Range(1, Sources).Select(i => Network.User("src", i))];
        string[] parts = [.. Enumerable.Range(1, Sources).Select(i => Network.User("part", i))];
        var throttle = new ServeThrottle();
        var silo = await BenchSilo.StartAsync(options, "pieces", configure: s => s.AddIncomingGrainCallFilter(throttle));

        // The same download with the piece lists hidden from the reader: the whole-file path, as before pieces.
        await using var wholeSilo = await BenchSilo.StartAsync(options, "pieces-off", configure: s => s.AddIncomingGrainCallFilter(new ServeThrottle { HidePieceLists = true }));
        try
        {
            var net = new Network(silo, "pieces");
            var whole = new Network(wholeSilo, "whole");
            await net.SignUpAsync([.. sources, .. parts, "reader"]);
            await whole.SignUpAsync(["src00001", "reader"]);
            await net.LogInAsync("reader");
            await whole.LogInAsync("reader");

            var content = new byte[size];
            new Random(13).NextBytes(content);
            Drop(net, sources[0], "one.bin", content);
            Drop(whole, "src00001", "one.bin", content);
            foreach (var source in sources)
            {
                Drop(net, source, "four.bin", content);
            }

            // The update rows' file with one holder besides its editor: the per-holder figure, on this one disk.
            foreach (var source in sources[..2])
            {
                Drop(net, source, "solo.bin", content);
            }

            foreach (var user in sources)
            {
                await net.RescanAsync(user);
            }

            // The parts' file is known whole first (so it has piece digests), then only as parts.
            Drop(net, sources[0], "parts.bin", content);
            await net.RescanAsync(sources[0]);
            for (var i = 1; i <= Sources; i++)
            {
                var (offset, length) = new PartSpec(i, Sources).RangeIn(size);
                Drop(net, parts[i - 1], FileNames.PartFileName("parts.bin", new PartSpec(i, Sources)), content.AsSpan((int)offset, (int)length));
                await net.RescanAsync(parts[i - 1]);
            }

            File.Delete(Path.Combine(net.FolderOf(sources[0]), "parts.bin"));
            await net.RescanAsync(sources[0]);
            await whole.RescanAsync("src00001");
            var sourcePath = Path.Combine(net.FolderOf(sources[0]), "one.bin");
            var copies = Path.Combine(options.WorkRoot, "copies13");
            Directory.CreateDirectory(copies);

            // Untimed: every path jitted, every grain active.
            await DownloadAsync(net, "one.bin");
            await DownloadAsync(whole, "one.bin");
            await DownloadAsync(net, "parts.bin");

            // Row a's "never slower than the whole-file path" is a difference of a few percent between two paths whose
            // turns spread by more than that on a shared machine: an even number of turns, each order as often, and the spread shown.
            var pairTurns = options.RunsRow('a') || options.RunsRow('d') ? Math.Max(6, options.Repeats + options.Repeats % 2) : 0;
            var (copy, durable, single, wholePath, assembled) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var turn = 0; turn < pairTurns; turn++)
            {
                // The two paths take turns going first, and the copy that leaves dirty pages behind goes last, so
                // neither download runs while the kernel writes back the other contenders' bytes.
                durable.Add(TransferScenario.Copy(sourcePath, Path.Combine(copies, "durable.bin"), durable: true));
                var (first, second) = turn % 2 == 0 ? (net, whole) : (whole, net);
                var firstMs = (await DownloadAsync(first, "one.bin")).Ms;
                var secondMs = (await DownloadAsync(second, "one.bin")).Ms;
                single.Add(first == net ? firstMs : secondMs);
                wholePath.Add(first == net ? secondMs : firstMs);
                assembled.Add((await DownloadAsync(net, "parts.bin")).Ms);
                copy.Add(TransferScenario.Copy(sourcePath, Path.Combine(copies, "copy.bin"), durable: false));
            }

            var singleMs = Stats.Median(single);
            if (single.Count > 0)
            {
                string Turns(IEnumerable<double> ratios) => $" (per turn {Stats.Spread(ratios, Format.Ratio)}, {single.Count} turns)";
                var durableRatios = durable.Zip(single, (c, d) => c / d).ToList();
                var vsDurable = Stats.Median(durableRatios);
                results.Add(Item, $"Download {options.FileMiB} MiB from one peer, piece by piece (each piece verified on arrival, then the whole)",
                    $"{Format.MiBps(size, TimeSpan.FromMilliseconds(singleMs))} ({Format.Ms(singleMs)}; turns {Stats.Spread(single, Format.Ms)})",
                    $"File.Copy + fsync {Format.Ms(Stats.Median(durable))}", Format.Ratio(vsDurable) + " durable copy" + Turns(durableRatios), "≥ 0.8× File.Copy + fsync", vsDurable >= 0.8);
                results.Add(Item, "The same against File.Copy without fsync", Format.Ms(singleMs), $"File.Copy {Format.Ms(Stats.Median(copy))}",
                    Format.Ratio(Stats.Median(copy.Zip(single, (c, d) => c / d))) + " File.Copy");

                // Each turn's ratio pairs the two downloads that ran back to back, so the load of that moment cancels out.
                var wholeRatios = wholePath.Zip(single, (w, d) => w / d).ToList();
                var vsWhole = Stats.Median(wholeRatios);
                var slowerIn = wholeRatios.Count(r => r < 1);
                results.Add(Item, "The same against the whole-file path (a file with no piece digests: one SHA-256 pass, as before pieces)", Format.Ms(singleMs),
                    $"whole-file path {Format.Ms(Stats.Median(wholePath))} (turns {Stats.Spread(wholePath, Format.Ms)})",
                    Format.Ratio(vsWhole) + " whole-file path" + Turns(wholeRatios) + $"; slower in {slowerIn} of {wholeRatios.Count} turns",
                    "never slower (median ≥ 0.97×)", vsWhole >= 0.97);
                var partsRatios = single.Zip(assembled, (s, p) => s / p).ToList();
                var partsVsSingle = Stats.Median(partsRatios);
                results.Add(Item, $"The same held as {Sources} parts by {Sources} peers", Format.Ms(Stats.Median(assembled)), $"single source {Format.Ms(singleMs)}",
                    Format.Ratio(partsVsSingle) + " single source" + Turns(partsRatios), "≥ 1.0× single source", partsVsSingle >= 0.97);
            }

            // Throttled sources: one against four, and four with one slowed to a tenth.
            var (oneThrottled, fourThrottled, oneSlowed) = (new List<double>(), new List<double>(), new List<double>());
            var takenOver = 0;
            var throttledTurns = options.RunsRow('b') || options.RunsRow('c') ? turns : 0;
            for (var turn = 0; turn < throttledTurns; turn++)
            {
                foreach (var source in sources)
                {
                    throttle.Throttle(source, rate);
                }

                oneThrottled.Add((await DownloadAsync(net, "one.bin")).Ms);
                fourThrottled.Add((await DownloadAsync(net, "four.bin")).Ms);
                throttle.Throttle(sources[^1], rate / 10);
                var (slowedMs, slowed) = await DownloadAsync(net, "four.bin");
                oneSlowed.Add(slowedMs);
                takenOver = System.Text.RegularExpressions.Regex.Match(slowed.Reason, "was late with pieces? ([0-9, ]+)") is { Success: true } match ? match.Groups[1].Value.Split(',').Length : 0;
                throttle.ClearThrottles();
            }

            if (fourThrottled.Count > 0)
            {
                var fourVsOne = Stats.Median(oneThrottled.Zip(fourThrottled, (o, f) => o / f));
                results.Add(Item, $"Download {options.FileMiB} MiB from {Sources} whole holders, each throttled to {Format.Bytes(rate)}/s (bench-only filter)",
                    Format.Ms(Stats.Median(fourThrottled)), $"one source so throttled {Format.Ms(Stats.Median(oneThrottled))}",
                    Format.Ratio(fourVsOne) + " one source", "≥ 2.5×", fourVsOne >= 2.5);
                var slowedRatios = fourThrottled.Zip(oneSlowed, (n, s) => n / s).ToList();
                var slowedVsNone = Stats.Median(slowedRatios);
                results.Add(Item, $"The same with one of the {Sources} slowed to a tenth ({Format.Bytes(rate / 10)}/s)", Format.Ms(Stats.Median(oneSlowed)),
                    $"none slowed {Format.Ms(Stats.Median(fourThrottled))}", Format.Ratio(slowedVsNone) + $" none slowed (per turn {Stats.Spread(slowedRatios, Format.Ratio)})", "≥ 0.8×", slowedVsNone >= 0.8);
                results.Note(Item, $"in the last download with one source slowed, the endgame took {takenOver} pieces the slowed source owed from the others.");
            }

            if (options.RunsRow('f'))
            {
                await CorruptedPieceAsync(net, throttle, results, size);
            }

            if (options.RunsRow('e'))
            {
                silo = await KilledAtHalfAsync(options, silo, throttle, results, size, pieceSize);
                net = new Network(silo, "pieces");
            }

            if (options.RunsRow('g') || options.RunsRow('h'))
            {
                await EditsAsync(net, throttle, sources, results, size, pieceSize, durable.Count > 0 ? Stats.Median(durable) : TransferScenario.Copy(sourcePath, Path.Combine(copies, "durable.bin"), durable: true), options.Quick ? 2 : 3);
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>The first copy of one piece served to the reader is corrupted on the way; the reader must refetch that piece alone.</summary>
    private static async Task CorruptedPieceAsync(Network net, ServeThrottle throttle, Results results, long size)
    {
        var key = FileKey.Compute("four.bin");
        var offset = size / 2 / PieceLayout.DefaultPieceSize * PieceLayout.DefaultPieceSize;
        throttle.CorruptOnce((request, _) => request.Requester == "reader" && request.Key == key && request.Offset == offset);
        var (ms, reply) = await DownloadAsync(net, "four.bin");
        throttle.CorruptOnce(null);
        var refetched = reply.FetchedBytes - size;
        var exact = reply.BadPieces.Length == 1 && refetched == PieceLayout.DefaultPieceSize;
        results.Add(Item, $"A {Format.Bytes(size)} download whose piece {offset / PieceLayout.DefaultPieceSize} arrives corrupted once",
            $"{reply.BadPieces.Length} bad, {Format.Bytes(refetched)} fetched again ({Format.Ms(ms)}); file verified", "—", "", "exactly one piece refetched", exact);
    }

    /// <summary>
    /// The reader's download is cut off once half the pieces were served (its source goes away), the silo is stopped
    /// and started again on the same data root, and the reader downloads the same version again.
    /// </summary>
    private static async Task<BenchSilo> KilledAtHalfAsync(BenchOptions options, BenchSilo silo, ServeThrottle throttle, Results results, long size, int pieceSize)
    {
        var key = FileKey.Compute("one.bin");
        var half = size / pieceSize / 2;
        var asked = 0L;
        throttle.Cut((request, _) => request.Requester == "reader" && request.Key == key && Interlocked.Increment(ref asked) > half);
        var cut = await new Network(silo, "pieces").Peer("reader").DownloadAsync(new DownloadRequest("one.bin"));
        throttle.Cut(null);
        Network.Expect(cut.Status != P2PStatus.Ok, $"the download cut off at half still succeeded: {cut.Reason}");

        await silo.DisposeAsync();
        silo = await BenchSilo.StartAsync(options, "pieces", configure: s => s.AddIncomingGrainCallFilter(throttle));
        var net = new Network(silo, "pieces");
        await net.LogInAsync("reader");
        var (ms, reply) = await DownloadAsync(net, "one.bin");
        results.Add(Item, $"Download cut off at half ({Format.Bytes(cut.FetchedBytes)} fetched), silo restarted, downloaded again",
            $"{Format.Bytes(reply.FetchedBytes)} fetched, {Format.Bytes(reply.ReusedBytes)} reused ({Format.Ms(ms)})", $"file {Format.Bytes(size)}",
            Format.Ratio(reply.FetchedBytes / (double)size) + " the file", "fetched after the restart ≤ 0.55×", reply.FetchedBytes <= 0.55 * size);
        return silo;
    }

    /// <summary>
    /// The first source edits four.bin in its folder (4 KiB in place, then 4 KiB inserted in the middle) and rescans;
    /// timed until the 3 other holders record the new version. Bytes each holder was served are the filter's count.
    /// </summary>
    private static async Task EditsAsync(Network net, ServeThrottle throttle, string[] sources, Results results, long size, int pieceSize, double durableMs, int edits)
    {
        var editor = sources[0];
        var holders = sources[1..];
        var path = Path.Combine(net.FolderOf(editor), "four.bin");
        var random = new Random(14);
        var patch = new byte[EditBytes];
        var (times, moved) = await TimeEditsAsync(net, throttle, editor, holders, "four.bin", size, edits, random);
        var (soloTimes, _) = await TimeEditsAsync(net, throttle, editor, [sources[1]], "solo.bin", size, edits, random);
        await SameAsync(net, editor, holders, "four.bin");
        var editMs = Stats.Median(times);
        var most = moved.Max();
        results.Add(Item, $"A 4 KiB in-place edit of {Format.Bytes(size)} held by 3 other peers: bytes moved to each holder (most of {edits} edits)",
            $"{Format.Bytes(most)} ({most / (double)pieceSize:0.#} pieces)", $"the file {Format.Bytes(size)}", "", "≤ 2 pieces per holder", most <= 2L * pieceSize);
        results.Add(Item, "The same edit, from the write in the folder until the 3 holders recorded it (the editor's rescan and piece digests included)",
            Format.Ms(editMs), $"File.Copy + fsync {Format.Ms(durableMs)}", Format.Ratio(editMs / durableMs) + " durable copy", "≤ 1.2× copy + fsync", editMs <= 1.2 * durableMs);
        var soloMs = Stats.Median(soloTimes);
        results.Add(Item, "The same edit of another file with 1 holder (one holder's share of the work, on the same disk)",
            Format.Ms(soloMs), $"File.Copy + fsync {Format.Ms(durableMs)}", Format.Ratio(soloMs / durableMs) + " durable copy");

        // An insertion shifts every later byte: fixed pieces after it all differ.
        var old = await File.ReadAllBytesAsync(path);
        var at2 = size / 2 + 12345;
        random.NextBytes(patch);
        var inserted = new byte[old.Length + EditBytes];
        old.AsSpan(0, (int)at2).CopyTo(inserted);
        patch.CopyTo(inserted.AsSpan((int)at2));
        old.AsSpan((int)at2).CopyTo(inserted.AsSpan((int)at2 + EditBytes));
        throttle.ResetServed();
        var insertWatch = Stopwatch.StartNew();
        await File.WriteAllBytesAsync(path + ".tmp", inserted);
        File.Move(path + ".tmp", path, overwrite: true);
        await ReachedAllAsync(net, editor, holders, "four.bin");
        var insertMs = insertWatch.Elapsed.TotalMilliseconds;
        var insertMoved = holders.Max(throttle.ServedTo);
        var cdc = ContentDefinedChunks.NewBytes(old, inserted);
        results.Add(Item, $"4 KiB inserted at the middle of the same file (every later byte shifts): bytes moved to each holder",
            $"{Format.Bytes(insertMoved)} ({Format.Ms(insertMs)})", $"content-defined chunks (~1 MiB) would move {Format.Bytes(cdc)}",
            Format.Ratio(insertMoved / (double)Math.Max(cdc, 1)) + " content-defined");
        await SameAsync(net, editor, holders, "four.bin");
        results.Note(Item, "the throttled and slowed sources are the bench's own grain call filter (ServeThrottle), a bench-only setting: all peers share one process on 2 cores, so the multi-source rows measure the scheduling, not the machine. The cut-off download loses its source at half (the filter fails its reads), then the silo is stopped and started on the same data root. The corrupted piece is flipped by the filter in the first reply that carries it.");
    }

    /// <summary>
    /// <paramref name="editor"/> writes 4 KiB in place at a random offset of <paramref name="name"/> and rescans, <paramref name="edits"/>
    /// times after an untimed first (jit, first delta of each holder); each timed until every holder recorded it.
    /// Returns the times and the most bytes any holder was served, per edit.
    /// </summary>
    private static async Task<(List<double> Times, List<long> Moved)> TimeEditsAsync(Network net, ServeThrottle throttle, string editor, string[] holders, string name, long size, int edits, Random random)
    {
        var path = Path.Combine(net.FolderOf(editor), name);
        var patch = new byte[EditBytes];
        var (times, moved) = (new List<double>(), new List<long>());
        for (var edit = 0; edit <= edits; edit++)
        {
            random.NextBytes(patch);
            var at = random.NextInt64(size - EditBytes);
            throttle.ResetServed();
            var watch = Stopwatch.StartNew();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                stream.Position = at;
                stream.Write(patch);
            }

            await ReachedAllAsync(net, editor, holders, name);
            if (edit > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                moved.Add(holders.Max(throttle.ServedTo));
            }
        }

        return (times, moved);
    }

    /// <summary>Rescans the editor and waits until every holder records the editor's new version.</summary>
    private static async Task ReachedAllAsync(Network net, string editor, string[] holders, string name)
    {
        await net.RescanAsync(editor);
        var version = (await net.Peer(editor).ListFilesAsync()).Single(f => f.Name == name).Version;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var holder in holders)
        {
            while ((await net.Peer(holder).ListFilesAsync()).Single(f => f.Name == name).Version < version)
            {
                Network.Expect(DateTime.UtcNow < deadline, $"{holder} never got version {version} of {name}");
                await Task.Delay(5);
            }
        }
    }

    private static async Task SameAsync(Network net, string editor, string[] holders, string name)
    {
        var expected = await File.ReadAllBytesAsync(Path.Combine(net.FolderOf(editor), name));
        foreach (var holder in holders)
        {
            Network.Expect((await File.ReadAllBytesAsync(Path.Combine(net.FolderOf(holder), name))).AsSpan().SequenceEqual(expected), $"{holder}'s {name} differs from the editor's");
        }
    }

    /// <summary>
    /// Writes a file into a peer's folder under an ignored name, then renames it: the host's watcher must never read
    /// a file of hundreds of MiB half-written and share that as a version.
    /// </summary>
    private static void Drop(Network net, string user, string storedName, ReadOnlySpan<byte> content)
    {
        net.Drop(user, storedName + ".tmp", content);
        File.Move(Path.Combine(net.FolderOf(user), storedName + ".tmp"), Path.Combine(net.FolderOf(user), storedName));
    }

    /// <summary>The reader downloads <paramref name="name"/>, then deletes it and rescans, so the network is as before.</summary>
    private static async Task<(double Ms, DownloadReply Reply)> DownloadAsync(Network net, string name)
    {
        var watch = Stopwatch.StartNew();
        var reply = await net.Peer("reader").DownloadAsync(new DownloadRequest(name));
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Network.Expect(reply.Status == P2PStatus.Ok, $"download of {name}: {(int)reply.Status} {reply.Reason}");
        File.Delete(Path.Combine(net.FolderOf("reader"), name));
        await net.RescanAsync("reader");
        return (elapsed, reply);
    }
}

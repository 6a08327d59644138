using OrleansP2P.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

public sealed partial class PeerGrain
{
    /// <summary>
    /// "user4 downloads File3.txt": hash the name, ask the peers the tracker lists (then every other peer)
    /// one after another until one replies 200; or, when the network holds the file only in parts, fetch each
    /// part from a holder of it and append them in order. Verify, write into the folder, tell the network.
    /// </summary>
    private async Task<DownloadReply> DownloadOnceAsync(DownloadRequest request)
    {
        if (!FileNames.TryValidate(request.Name, out var nameError))
        {
            return DownloadReply.Fail(P2PStatus.BadRequest, nameError);
        }

        if (RefuseClient() is { } refusal)
        {
            return DownloadReply.Fail(P2PStatus.Unauthorized, refusal);
        }

        if (await FolderProblemAsync() is { } unreachable)
        {
            return DownloadReply.Fail(P2PStatus.ServiceUnavailable, unreachable);
        }

        var key = FileKey.Compute(request.Name);
        if (!_busy.Add(key))
        {
            return DownloadReply.Fail(P2PStatus.Conflict, $"{Username} is already transferring {request.Name}.");
        }

        try
        {
            var located = await FileGrainOf(key).LocateAsync();
            var location = located.Location;
            if (location is not null && location.Name != request.Name)
            {
                return DownloadReply.Fail(P2PStatus.Conflict, $"Hash collision: key {key} is '{location.Name}', not '{request.Name}'.");
            }

            if (Table.TryGetValue(key, out var held) && held.File.IsWhole && (location is null || held.File.Version >= location.Version))
            {
                return new DownloadReply(P2PStatus.Ok, $"{Username} already has {request.Name} version {held.File.Version}.", held.File, []);
            }

            return await DownloadRecordedAsync(key, request, location);
        }
        finally
        {
            Release(key);
        }
    }

    /// <summary>The download as the Transfers panel lists it: recorded while it runs, cancellable, ended with its reply.</summary>
    private async Task<DownloadReply> DownloadRecordedAsync(string key, DownloadRequest request, FileLocation? location)
    {
        var transfer = _transfers.Start(TransferKind.Download, request.Name, request.Progress, canCancel: true);
        var reply = DownloadReply.Fail(P2PStatus.ServiceUnavailable, $"The download of {request.Name} stopped unexpectedly.");
        try
        {
            reply = await DownloadPiecesAsync(key, location, transfer) ?? await DownloadWholeAsync(key, request.Name, location, transfer);
            if (reply.Status == P2PStatus.NotFound && location is { CanAssemble: true })
            {
                reply = await AssembleAsync(key, location, transfer);
            }

            // 200 only for the current version: an edit that won while the bytes travelled left this copy listed but
            // behind, so the download goes on to the version the network has now (a few times, if edits keep winning).
            for (var attempt = 0; attempt < 3 && reply is { Status: P2PStatus.Ok, File: { } got } &&
                 (await FileGrainOf(key).LocateAsync()).Location is { } now && now.Version > got.Version; attempt++)
            {
                reply = await DownloadPiecesAsync(key, now, transfer) ?? await DownloadWholeAsync(key, request.Name, now, transfer);
            }

            return reply;
        }
        catch (OperationCanceledException) when (transfer.Cancellation.IsCancellationRequested)
        {
            // A copy of the whole file or of parts has nothing that resumes: its work file goes with it.
            return reply = DownloadReply.Fail(P2PStatus.Conflict, $"The download of {request.Name} was cancelled; nothing of it was kept.");
        }
        finally
        {
            transfer.End(reply.Status, reply.Reason, reply.ServedBy);
        }
    }

    /// <summary>
    /// Tries the file grain's whole-file holders first, then — only if none of them serves it — every other peer,
    /// one after another (the tracker's list of peers is fetched only then).
    /// </summary>
    private async Task<DownloadReply> DownloadWholeAsync(string key, string name, FileLocation? location, TransferRecord transfer)
    {
        var listed = location?.WholeHolders ?? [];
        async IAsyncEnumerable<string> Candidates()
        {
            foreach (var holder in listed.Where(p => p != Username))
            {
                yield return holder;
            }

            foreach (var peer in (await GrainFactory.GetTracker(Network).ListPeersAsync()).Select(p => p.Username))
            {
                if (peer != Username && !listed.Contains(peer))
                {
                    yield return peer;
                }
            }
        }

        var asked = new List<string>();
        await foreach (var candidate in Candidates())
        {
            transfer.Cancellation.ThrowIfCancellationRequested();
            transfer.SetSources([candidate]);
            var source = GrainFactory.GetPeerServer(Network, candidate);
            var offer = await AskAsync(candidate, () => source.RequestFileAsync(new FileRequest(Username, key)));
            if (offer is null)
            {
                continue;
            }

            asked.Add(candidate);
            if (offer is not { Status: P2PStatus.Ok, File: { } file } ||
                (location?.Sha256 is { } expected && (file.Sha256 != expected || file.Version != location.Version)))
            {
                continue;
            }

            if (file.Size > _options.MaxFileSizeBytes)
            {
                return DownloadReply.Fail(P2PStatus.PayloadTooLarge, $"{name} is {file.Size} bytes; this peer accepts at most {_options.MaxFileSizeBytes}.");
            }

            await using var incoming = Folder.BeginIncoming();
            var copied = await AskAsync(candidate, () => ChunkTransfer.CopyAsync(source, FirstChunk(key, file), file.Size, incoming, progress: Progress(transfer, file.Size), cancellationToken: transfer.Cancellation));
            if (copied is null)
            {
                continue;
            }

            if (!copied.Succeeded || await incoming.ComputeSha256Async() != file.Sha256)
            {
                logger.LogWarning("{Source} sent {Name} that failed verification: {Reason}", LogText.Escape(candidate), LogText.Escape(name), LogText.Escape(copied.Succeeded ? "SHA-256 mismatch" : copied.Reason, max: 512));
                Metrics.VerificationFailed(copied.Succeeded ? "whole" : null);
                continue;
            }

            return await KeepDownloadAsync(incoming, file with { Part = null, Pieces = location?.Sha256 == file.Sha256 ? location.Pieces : null }, [candidate]);
        }

        return DownloadReply.Fail(P2PStatus.NotFound, (asked.Count == 0
            ? $"No peer has {name}."
            : $"No peer has {name} (asked {string.Join(", ", asked)}).") + OfflineNote(listed));
    }

    /// <summary>
    /// Parts fetched side by side, in order. The whole file's digest is one serial pass and a part that lands
    /// ahead of it must be read back, so the part it waits for gets most of the requests and the next one is
    /// fetched alongside at a trickle (256 MiB in 4 parts, 2 cores, medians of 11 turns against a single source:
    /// all 4 at once, even windows 0.90–0.98×; 2 at once, even 0.87–1.00×; 2 at once, frontier first 1.00–1.06×).
    /// </summary>
    private const int PartsInFlight = 2;

    /// <summary>
    /// The bonus: fetch the parts, two at a time, each from a holder of that part, into its place in one file, and
    /// verify. When the network knows the whole file's digest, that digest proves every part and parts are
    /// checked one by one only if it fails (to find the bad one and fetch it again elsewhere); while the file
    /// exists only in parts, each part is checked against its own digest as it arrives.
    /// </summary>
    private async Task<DownloadReply> AssembleAsync(string key, FileLocation location, TransferRecord transfer)
    {
        var parts = location.Parts.OrderBy(p => p.Part.Index).ToArray();
        var total = parts.Sum(p => p.Size);
        if (total > _options.MaxFileSizeBytes)
        {
            return DownloadReply.Fail(P2PStatus.PayloadTooLarge, $"{location.Name} is {total} bytes; this peer accepts at most {_options.MaxFileSizeBytes}.");
        }

        var offsets = new long[parts.Length];
        for (var i = 1; i < parts.Length; i++)
        {
            offsets[i] = offsets[i - 1] + parts[i - 1].Size;
        }

        await using var incoming = Folder.BeginIncoming();
        var progress = Progress(transfer, total);
        transfer.UseMap("part", parts.Length, [], 0);
        transfer.SetSources(parts.SelectMany(p => p.Holders));
        var tried = parts.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var verifyEachPart = location.Sha256 is null;
        // The first part not yet in is the one the digest waits for: it gets the full window, the one after it a
        // single request, so the bytes that land ahead of the digest (and must be read back) stay few.
        var arrived = new bool[parts.Length];
        Func<int> WindowOf(int i) => () => Array.IndexOf(arrived, false) is var first && (first == i || first < 0) ? ChunkTransfer.Window : 1;
        Task<string?> Fetch(int i, bool verify) => FetchPartAsync(key, location, parts[i], incoming, offsets[i], verify, tried[i], progress, WindowOf(i), transfer.Cancellation);

        using var slots = new SemaphoreSlim(PartsInFlight);
        var servedBy = await Task.WhenAll(parts.Select(async (_, i) =>
        {
            await slots.WaitAsync();
            try
            {
                var holder = await Fetch(i, verifyEachPart);
                if (holder is not null)
                {
                    transfer.Arrived(i);
                }

                return holder;
            }
            finally
            {
                arrived[i] = true;
                slots.Release();
            }
        }));
        if (Array.IndexOf(servedBy, null) is var missing and >= 0)
        {
            return DownloadReply.Fail(P2PStatus.NotFound, $"No peer could supply part {parts[missing].Part} of {location.Name}." + OfflineNote(parts[missing].Holders));
        }

        var sha = await incoming.ComputeSha256Async();
        if (location.Sha256 is { } expected && sha != expected)
        {
            for (var i = 0; i < parts.Length; i++)
            {
                if (await incoming.ComputeSha256Async(offsets[i], parts[i].Size) == parts[i].Sha256)
                {
                    continue;
                }

                logger.LogWarning("{Holder} sent part {Part} of {Name} that failed verification", LogText.Escape(servedBy[i]), parts[i].Part, LogText.Escape(location.Name));
                Metrics.VerificationFailed("part");
                if ((servedBy[i] = await Fetch(i, verify: true)) is null)
                {
                    return DownloadReply.Fail(P2PStatus.NotFound, $"No peer could supply a good part {parts[i].Part} of {location.Name}.");
                }
            }

            sha = await incoming.ComputeSha256Async();
            if (sha != expected)
            {
                return DownloadReply.Fail(P2PStatus.Conflict, $"The assembled {location.Name} does not match the network's version {location.Version}.");
            }
        }

        var file = new FileDescriptor(key, location.Name, location.Version, sha, incoming.Length) { Pieces = location.Pieces };
        return await KeepDownloadAsync(incoming, file, [.. servedBy.OfType<string>().Distinct()]);
    }

    /// <summary>Copies one part into its place from the first holder not yet tried that serves it; returns that holder, or null.</summary>
    private async Task<string?> FetchPartAsync(
        string key, FileLocation location, PartLocation part, IncomingFile into, long at, bool verify, HashSet<string> tried, Action<long>? progress, Func<int> window, CancellationToken cancellation)
    {
        // This peer may hold a part itself: it reads its own part like anyone else's, after the others.
        foreach (var holder in part.Holders.Where(h => h != Username).Append(Username).Distinct())
        {
            if (!tried.Add(holder))
            {
                continue;
            }

            var source = GrainFactory.GetPeerServer(Network, holder);
            var offer = await AskAsync(holder, () => source.RequestFileAsync(new FileRequest(Username, key, part.Part)));
            if (offer is not { Status: P2PStatus.Ok, File: { } file } || file.Sha256 != part.Sha256 || file.Version != location.Version || file.Size != part.Size)
            {
                continue;
            }

            var copied = await AskAsync(holder, () => ChunkTransfer.CopyAsync(source, FirstChunk(key, file), file.Size, into, at, hashRange: verify, progress, window, cancellation));
            if (copied is null)
            {
                continue;
            }

            if (copied.Succeeded && (!verify || copied.RangeSha256 == part.Sha256))
            {
                return holder;
            }

            logger.LogWarning("{Holder} could not supply part {Part} of {Name}: {Reason}", LogText.Escape(holder), part.Part, LogText.Escape(location.Name), LogText.Escape(copied.Succeeded ? "SHA-256 mismatch" : copied.Reason, max: 512));
            Metrics.VerificationFailed(copied.Succeeded ? "part" : null);
        }

        return null;
    }

    /// <summary>
    /// One call to another peer. An offline peer (its host down, its silo gone, no answer by the deadline) is noted
    /// and skipped, so the download goes on with the reachable ones; null then.
    /// </summary>
    private async Task<T?> AskAsync<T>(string peer, Func<Task<T>> call) where T : class
    {
        try
        {
            var reply = await call();
            _offline.Remove(peer);
            return reply;
        }
        catch (Exception exception) when (Hosts.Offline.Describe(exception, peer) is { } offline)
        {
            _offline[peer] = offline;
            logger.LogInformation("{Username} skipped {Peer}: {Reason}", LogText.Escape(Username), LogText.Escape(peer), LogText.Escape(offline));
            return null;
        }
    }

    /// <summary>Why holders were skipped, for a 404 that must say the file may be on a peer that is offline.</summary>
    private string OfflineNote(IEnumerable<string> holders)
    {
        var offline = holders.Where(_offline.ContainsKey).Distinct().Select(h => _offline[h]).ToList();
        return offline.Count == 0 ? "" : $" Offline: {string.Join("; ", offline)}";
    }

    private async Task<DownloadReply> KeepDownloadAsync(IncomingFile incoming, FileDescriptor file, List<string> servedBy)
    {
        var key = file.Key;
        var held = Table.TryGetValue(key, out var old) ? old : null;
        var replacedPart = held is not null && held.StoredName != file.Name ? held.StoredName : null;
        await incoming.CommitAsync(file.Name);

        // 200 only for a copy the network lists: an edit that won while the bytes travelled makes this copy stale,
        // and a stale copy nobody updates must not stay. It is removed again and the caller told to try again.
        var announced = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, file.Version));
        if (announced.Status != P2PStatus.Ok)
        {
            logger.LogWarning("The network refused {Username}'s downloaded {Name}: {Reason}", LogText.Escape(Username), LogText.Escape(file.Name), LogText.Escape(announced.Reason, max: 512));
            Folder.Delete(file.Name);
            if (held is not null && replacedPart is null)
            {
                // The refused copy replaced this peer's older whole copy; that one is gone, so is its listing.
                await ForgetAsync(key);
                await FileGrainOf(key).WithdrawAsync(new Withdrawal(Username, null));
            }

            return DownloadReply.Fail(P2PStatus.Conflict, $"{file.Name} changed while it was downloaded ({announced.Reason}); nothing was kept, download it again.");
        }

        await RememberAsync(file, file.Name);

        // A whole copy supersedes a part this peer held of the same file.
        if (replacedPart is not null)
        {
            Folder.Delete(replacedPart);
        }

        await TrackerPublishedAsync(announced.TrackerVersion);

        logger.LogInformation("{Username} downloaded {Name} version {Version} from {Sources}", LogText.Escape(Username), LogText.Escape(file.Name), file.Version, LogText.Escape(string.Join(",", servedBy), max: 512));
        return new DownloadReply(P2PStatus.Ok, $"Downloaded {file.Name} from {string.Join(", ", servedBy)}.", file, [.. servedBy]) { FetchedBytes = file.Size };
    }

    /// <summary>The transfer's size is known now; what it is told of each write that lands.</summary>
    private static Action<long> Progress(TransferRecord transfer, long total)
    {
        transfer.Begin(total);
        return transfer.Add;
    }

    private ChunkRequest FirstChunk(string key, FileDescriptor file) =>
        new(Username, key, file.Part, file.Version, 0, Math.Min(_options.ChunkSizeBytes, ChunkRequest.MaxLength));
}

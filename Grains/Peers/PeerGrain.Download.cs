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
    public async Task<DownloadReply> DownloadAsync(DownloadRequest request)
    {
        if (!FileNames.TryValidate(request.Name, out var nameError))
        {
            return DownloadReply.Fail(P2PStatus.BadRequest, nameError);
        }

        if (RefuseClient() is { } refusal)
        {
            return DownloadReply.Fail(P2PStatus.Unauthorized, refusal);
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

            var reply = await DownloadWholeAsync(key, request.Name, location, request.Progress);
            if (reply.Status == P2PStatus.NotFound && location is { CanAssemble: true })
            {
                reply = await AssembleAsync(key, location, request.Progress);
            }

            return reply;
        }
        finally
        {
            _busy.Remove(key);
        }
    }

    /// <summary>Tries the tracker's whole-file holders first, then every other peer, one after another.</summary>
    private async Task<DownloadReply> DownloadWholeAsync(string key, string name, FileLocation? location, ITransferObserver? observer)
    {
        var listed = location?.WholeHolders ?? [];
        var everyone = (await GrainFactory.GetTracker(Network).ListPeersAsync()).Select(p => p.Username);
        var candidates = listed.Concat(everyone.Except(listed)).Where(p => p != Username).ToList();

        var asked = new List<string>();
        foreach (var candidate in candidates)
        {
            var source = GrainFactory.GetPeer(Network, candidate);
            var offer = await source.RequestFileAsync(new FileRequest(Username, key));
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
            var copied = await ChunkTransfer.CopyAsync(source, FirstChunk(key, file), file.Size, incoming, Progress(observer, name, file.Size));
            if (copied.Sha256 != file.Sha256)
            {
                logger.LogWarning("{Source} sent {Name} that failed verification: {Reason}", candidate, name, copied.Status == P2PStatus.Ok ? "SHA-256 mismatch" : copied.Reason);
                continue;
            }

            return await KeepDownloadAsync(incoming, file with { Part = null }, [candidate]);
        }

        return DownloadReply.Fail(P2PStatus.NotFound, asked.Count == 0
            ? $"No peer has {name}."
            : $"No peer has {name} (asked {string.Join(", ", asked)}).");
    }

    /// <summary>The bonus: fetch part 1..n, each from a holder of that part, verify each, append them in order.</summary>
    private async Task<DownloadReply> AssembleAsync(string key, FileLocation location, ITransferObserver? observer)
    {
        var count = location.Parts[0].Part.Count;
        var total = location.Parts.Sum(p => p.Size);
        if (total > _options.MaxFileSizeBytes)
        {
            return DownloadReply.Fail(P2PStatus.PayloadTooLarge, $"{location.Name} is {total} bytes; this peer accepts at most {_options.MaxFileSizeBytes}.");
        }

        await using var incoming = Folder.BeginIncoming();
        var progress = Progress(observer, location.Name, total);
        var servedBy = new List<string>();
        for (var index = 1; index <= count; index++)
        {
            var part = location.Parts.First(p => p.Part.Index == index);
            var server = await FetchPartAsync(key, location, part, incoming, progress);
            if (server is null)
            {
                return DownloadReply.Fail(P2PStatus.NotFound, $"No peer could supply part {part.Part} of {location.Name}.");
            }

            servedBy.Add(server);
        }

        var sha = await incoming.ComputeSha256Async();
        var file = new FileDescriptor(key, location.Name, location.Version, sha, incoming.Length);
        if (location.Sha256 is { } expected && expected != sha)
        {
            return DownloadReply.Fail(P2PStatus.Conflict, $"The assembled {location.Name} does not match the network's version {location.Version}.");
        }

        return await KeepDownloadAsync(incoming, file, servedBy);
    }

    private async Task<string?> FetchPartAsync(string key, FileLocation location, PartLocation part, IncomingFile into, Action<long>? progress)
    {
        foreach (var holder in part.Holders.Where(h => h != Username).Append(Username).Distinct())
        {
            // This peer may hold a part itself: it reads its own part like anyone else's.
            var source = GrainFactory.GetPeer(Network, holder);
            var offer = await source.RequestFileAsync(new FileRequest(Username, key, part.Part));
            if (offer is not { Status: P2PStatus.Ok, File: { } file } || file.Sha256 != part.Sha256 || file.Version != location.Version)
            {
                continue;
            }

            var start = into.Length;
            var copied = await ChunkTransfer.CopyAsync(source, FirstChunk(key, file), file.Size, into, progress);
            if (copied.Sha256 == part.Sha256)
            {
                return holder;
            }

            // A bad part cannot be unwritten from the middle of the file; start over from the next holder.
            logger.LogWarning("{Holder} sent part {Part} of {Name} that failed verification", holder, part.Part, location.Name);
            if (into.Length != start)
            {
                return null;
            }
        }

        return null;
    }

    private async Task<DownloadReply> KeepDownloadAsync(IncomingFile incoming, FileDescriptor file, List<string> servedBy)
    {
        var key = file.Key;
        var replacedPart = Table.TryGetValue(key, out var old) && old.StoredName != file.Name ? old.StoredName : null;
        await incoming.CommitAsync(file.Name);
        await RememberAsync(file, file.Name);

        // A whole copy supersedes a part this peer held of the same file.
        if (replacedPart is not null)
        {
            Folder.Delete(replacedPart);
        }

        var announced = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, file.Version));
        if (announced.Status != P2PStatus.Ok)
        {
            logger.LogWarning("The network refused {Username}'s downloaded {Name}: {Reason}", Username, file.Name, announced.Reason);
        }

        logger.LogInformation("{Username} downloaded {Name} version {Version} from {Sources}", Username, file.Name, file.Version, string.Join(",", servedBy));
        return new DownloadReply(P2PStatus.Ok, $"Downloaded {file.Name} from {string.Join(", ", servedBy)}.", file, [.. servedBy]);
    }

    /// <summary>Reports progress to the watcher about every 4 MiB and at the end; one-way, so a slow watcher never slows the transfer.</summary>
    private static Action<long>? Progress(ITransferObserver? observer, string name, long total)
    {
        if (observer is null)
        {
            return null;
        }

        long received = 0, reported = 0;
        return bytes =>
        {
            received += bytes;
            if (received - reported >= 4 * 1024 * 1024 || received >= total)
            {
                reported = received;
                _ = observer.OnProgressAsync(name, received, total);
            }
        };
    }

    private ChunkRequest FirstChunk(string key, FileDescriptor file) =>
        new(Username, key, file.Part, file.Version, 0, Math.Min(_options.ChunkSizeBytes, ChunkRequest.MaxLength));
}

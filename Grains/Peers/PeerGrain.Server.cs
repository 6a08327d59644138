using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>The server side: what other peers, file grains and the tracker ask.</summary>
public sealed partial class PeerGrain
{
    public async Task<TrackerFileLink> SyncTrackerAsync(TrackerSnapshot snapshot)
    {
        // A folder that is gone is not made again (only sign-up makes one).
        if (!state.State.IsRegistered || await FolderProblemAsync() is not null)
        {
            return TrackerFileLink.PerVersion;
        }

        // No grain state: the folder's own Tracker.txt says which version it shows and whether it follows.
        return await trackerFiles.WriteIntoAsync(Folder, folders.NetworkRoot(Network), snapshot, _options.TrackerFiles);
    }

    public Task<RescanReply> ReconcileFolderAsync() => RescanAsync(reannounce: true);

    public Task<RescanReply> SyncFolderAsync() => RescanAsync(reannounce: false);

    public Task<RescanReply> SyncNamesAsync(ImmutableArray<string> names) => RescanAsync(reannounce: false, names);

    public async Task<FileReply> RequestFileAsync(FileRequest request)
    {
        if (!FileKey.IsWellFormed(request.Key))
        {
            return new FileReply(P2PStatus.BadRequest, $"'{request.Key}' is not a file key.", null);
        }

        // A file dropped into the folder since the last scan is shared as soon as someone asks for it.
        if (state.State.IsRegistered && await FolderProblemAsync() is { } unreachable)
        {
            return new FileReply(P2PStatus.ServiceUnavailable, unreachable, null);
        }

        // Not while another scan runs: a request has a deadline of seconds, and that scan shares the file anyway.
        if (!Table.ContainsKey(request.Key) && state.State.IsRegistered && Folder.Scan().Any(s => FileKey.Compute(s.Name) == request.Key) && _scanGate.Wait(0))
        {
            try
            {
                await ScanAsync(new());
            }
            finally
            {
                _scanGate.Release();
            }
        }

        if (!Table.TryGetValue(request.Key, out var held) || held.File.Part != request.Part || Folder.Find(held.StoredName) is null)
        {
            var what = request.Part is null ? $"the whole file {request.Key}" : $"part {request.Part} of {request.Key}";
            return new FileReply(P2PStatus.NotFound, $"{Username} does not have {what}.", null);
        }

        return new FileReply(P2PStatus.Ok, "OK", held.File);
    }

    public async Task<ChunkReply> ReadChunkAsync(ChunkRequest request)
    {
        if (request.Offset < 0 || request.Length is <= 0 or > ChunkRequest.MaxLength)
        {
            return new ChunkReply(P2PStatus.BadRequest, $"A chunk is 1 to {ChunkRequest.MaxLength} bytes at a non-negative offset.", request.Offset, []);
        }

        if (request.Part is null && await ReadKeptChunkAsync(request) is { } kept)
        {
            return Served(request, kept);
        }

        if (!Table.TryGetValue(request.Key, out var held) || held.File.Part != request.Part)
        {
            return new ChunkReply(P2PStatus.NotFound, $"{Username} does not have {request.Key}.", request.Offset, []);
        }

        // A version this peer published and still hands out: from its durable copy, whatever its folder shows now
        // (the copy there may not be renamed in yet, or a crash may have stopped that; the user may have edited it since).
        if (request.Part is null && Folder.Outgoing.Has(request.Key, request.Version) &&
            await Folder.Outgoing.ReadChunkAsync(request.Key, request.Version, request.Offset, request.Length) is { } outgoing)
        {
            return Served(request, new ChunkReply(P2PStatus.Ok, "OK", request.Offset, outgoing));
        }

        if (request.Version != held.File.Version)
        {
            return new ChunkReply(P2PStatus.Conflict, $"{Username} has version {held.File.Version} of {held.File.Name}, not {request.Version}.", request.Offset, []);
        }

        try
        {
            return Served(request, new ChunkReply(P2PStatus.Ok, "OK", request.Offset, await Folder.ReadChunkAsync(held.StoredName, request.Offset, request.Length)));
        }
        catch (FileNotFoundException)
        {
            return new ChunkReply(P2PStatus.NotFound, $"{held.StoredName} is gone from {Username}'s folder.", request.Offset, []);
        }
    }
}

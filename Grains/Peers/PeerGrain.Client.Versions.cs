using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// The client side of versions: the network's list (from the file grain) joined with what each peer says it keeps
/// (asked now, from its disk: no record of it anywhere else can go stale), a version's bytes, and restoring one.
/// </summary>
public sealed partial class PeerGrain
{
    /// <summary>How long a peer asked what it keeps may take: a peer that does not answer in time is listed as keeping nothing.</summary>
    private static readonly TimeSpan KeeperDeadline = TimeSpan.FromSeconds(3);

    public async Task<VersionListReply> ListVersionsAsync(string name)
    {
        if (!FileNames.TryValidate(name, out var nameError))
        {
            return VersionListReply.Fail(P2PStatus.BadRequest, nameError);
        }

        if (RefuseClient() is { } refusal)
        {
            return VersionListReply.Fail(P2PStatus.Unauthorized, refusal);
        }

        var key = FileKey.Compute(name);
        var (versions, location) = await NetworkVersionsAsync(key);
        if (versions.IsEmpty || location is not null && location.Name != name)
        {
            return VersionListReply.Fail(P2PStatus.NotFound, $"The network has no file named {name}.");
        }

        var keepers = await KeepersAsync(key, Candidates(location, versions));
        return new VersionListReply(P2PStatus.Ok, "OK", key, location?.Version ?? versions[^1].Version,
            [.. versions.Select(v => new KeptVersion(v, keepers.GetValueOrDefault(v.Version, [])))]);
    }

    public async Task<ChunkReply> ReadKeptChunkAsync(string keeper, ChunkRequest request)
    {
        if (RefuseClient() is { } refusal)
        {
            return new ChunkReply(P2PStatus.Unauthorized, refusal, request.Offset, []);
        }

        if (!Usernames.TryValidate(keeper, out var keeperError))
        {
            return new ChunkReply(P2PStatus.BadRequest, keeperError, request.Offset, []);
        }

        // A version's bytes are always the whole file; parts are read as parts through the ordinary routes.
        request = request with { Requester = Username, Part = null };
        try
        {
            return keeper == Username ? await ReadChunkAsync(request) : await GrainFactory.GetPeerServer(Network, keeper).ReadChunkAsync(request);
        }
        catch (Exception exception) when (Offline.Describe(exception, keeper) is { } offline)
        {
            return new ChunkReply(P2PStatus.ServiceUnavailable, offline, request.Offset, []);
        }
    }

    public async Task<SaveReply> RestoreVersionAsync(RestoreRequest request)
    {
        if (await FileCallProblemAsync(request.Name) is { } problem)
        {
            return SaveReply.Fail(problem.Status, problem.Reason);
        }

        var key = FileKey.Compute(request.Name);
        if (!Table.TryGetValue(key, out var held) || held.File.Name != request.Name)
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{Username} does not hold {request.Name}; download it before restoring one of its versions.");
        }

        if (held.File.Part is { } part)
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{Username} holds only part {part} of {request.Name}: it can list the versions but not restore one from a part; download the whole file first.");
        }

        if (await StaleAsync(key, request.Name, request.BaseVersion) is { } stale)
        {
            return stale;
        }

        var (versions, location) = await NetworkVersionsAsync(key);
        if (versions.FirstOrDefault(v => v.Version == request.Version) is not { } wanted)
        {
            return SaveReply.Fail(P2PStatus.NotFound, $"Version {request.Version} of {request.Name} is not among the network's recent versions.");
        }

        // This peer's own history first: nobody else need be asked.
        var own = await ListKeptVersionsAsync(key);
        var keeper = own.Contains(wanted.Version)
            ? Username
            : (await KeepersAsync(key, Candidates(location, versions))).GetValueOrDefault(wanted.Version, []).FirstOrDefault();
        if (keeper is null)
        {
            return SaveReply.Fail(P2PStatus.NotFound, $"Nobody reachable keeps the bytes of version {wanted.Version} of {request.Name} any more.");
        }

        var uploadId = $"restore-{Guid.NewGuid():N}";
        var staged = await StageAsync(keeper, new ChunkRequest(Username, key, null, wanted.Version, 0, PeerGrainExtensions.DefaultChunkSize), wanted.Size, wanted.Sha256, uploadId);
        if (staged.Status != P2PStatus.Ok)
        {
            return SaveReply.Fail(staged.Status, staged.Reason);
        }

        var saved = await SaveAsync(new SaveRequest(request.Name, uploadId, request.BaseVersion));
        if (saved.IsSuccess() && saved.File is { } file)
        {
            logger.LogInformation("{Username} restored version {Restored} of {Name} as version {Version} (from {Keeper})", LogText.Escape(Username), wanted.Version, LogText.Escape(request.Name), file.Version, LogText.Escape(keeper));
            return saved with { Reason = $"Version {wanted.Version} of {request.Name} is restored as version {file.Version}. {saved.Reason}" };
        }

        return saved;
    }

    /// <summary>The file grain's recent versions and where the file is now (null when no peer holds it any more).</summary>
    private async Task<(ImmutableArray<FileVersion> Versions, FileLocation? Location)> NetworkVersionsAsync(string key)
    {
        var file = FileGrainOf(key);
        var versions = await file.ListVersionsAsync();
        return (versions, versions.IsEmpty ? null : (await file.LocateAsync()).Location);
    }

    /// <summary>Whom to ask what they keep: this peer, every holder (whole or part), and every author of a recent version.</summary>
    private IEnumerable<string> Candidates(FileLocation? location, ImmutableArray<FileVersion> versions) =>
        new[] { Username }
            .Concat(location?.WholeHolders ?? [])
            .Concat(location?.Parts.SelectMany(p => p.Holders) ?? [])
            .Concat(versions.Select(v => v.Author))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Asks every candidate at once, each with <see cref="KeeperDeadline"/>: version → the peers that keep its whole bytes.</summary>
    private async Task<ImmutableDictionary<long, ImmutableArray<string>>> KeepersAsync(string key, IEnumerable<string> candidates)
    {
        var answers = await Task.WhenAll(candidates.Select(async peer =>
        {
            try
            {
                var kept = peer == Username
                    ? await ListKeptVersionsAsync(key)
                    : await GrainFactory.GetPeerServer(Network, peer).ListKeptVersionsAsync(key).WaitAsync(KeeperDeadline);
                return (Peer: peer, Kept: kept);
            }
            catch (Exception exception)
            {
                logger.LogInformation("{Peer} did not say which versions of {Key} it keeps: {Reason}", LogText.Escape(peer), key, LogText.Escape(exception.Message));
                return (Peer: peer, Kept: ImmutableArray<long>.Empty);
            }
        }));

        return answers
            .SelectMany(a => a.Kept.Select(version => (Version: version, a.Peer)))
            .GroupBy(k => k.Version)
            .ToImmutableDictionary(g => g.Key, g => g.Select(k => k.Peer).Order(StringComparer.Ordinal).ToImmutableArray());
    }

    /// <summary>
    /// Copies <paramref name="size"/> bytes from <paramref name="source"/> (this peer or another), in chunks as a download
    /// does, into a staged upload that a save then makes the file; verified against <paramref name="sha256"/>. Nothing
    /// is left staged when it fails.
    /// </summary>
    private async Task<Reply> StageAsync(string source, ChunkRequest first, long size, string sha256, string uploadId)
    {
        if (Folder.StagedBytes() + size > _options.StagingBudgetBytes)
        {
            return Reply.Fail(P2PStatus.InsufficientStorage, $"{Username}'s transfers in progress would exceed its staging budget of {_options.StagingBudgetBytes} bytes (P2P:StagingBudgetBytes); finish or cancel others first.");
        }

        await using var upload = Folder.OpenUpload(uploadId);
        TransferResult copied;
        try
        {
            copied = await ChunkTransfer.CopyAsync(GrainFactory.GetPeerServer(Network, source), first, size, upload);
        }
        catch (Exception exception) when (Offline.Describe(exception, source) is { } offline)
        {
            return Reply.Fail(P2PStatus.ServiceUnavailable, offline);
        }

        if (!copied.Succeeded)
        {
            return Reply.Fail(copied.Status, $"{source} could not send the bytes: {copied.Reason}");
        }

        if (await upload.ComputeSha256Async() != sha256)
        {
            return Reply.Fail(P2PStatus.Conflict, $"The bytes {source} sent are not the ones recorded (SHA-256 {sha256}); nothing was changed.");
        }

        await upload.KeepAsync();
        return Reply.Ok();
    }
}

using Microsoft.Extensions.Logging;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>
/// One shared file of one network, keyed by its hash key. It is the single place where the file's version
/// advances: announcements and updates are handled one at a time (the grain is not reentrant), so two
/// edits based on the same version can never both win.
/// </summary>
public sealed class FileGrain(
    [PersistentState("file", StorageNames.Metadata)] IPersistentState<FileState> state,
    ILogger<FileGrain> logger) : Grain, IFileGrain
{
    private string Network => GrainKeys.Split(this.GetPrimaryKeyString()).Network;

    private string Key => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private FileLocation? Location => state.State.Location;

    public async Task<AnnounceReply> AnnounceAsync(Announcement announcement)
    {
        var file = announcement.File;
        if (file.Key != Key || FileKey.Compute(file.Name) != Key)
        {
            return new AnnounceReply(P2PStatus.Conflict, $"Hash collision: '{file.Name}' does not belong under key {Key}" + (Location is null ? "." : $", which is '{Location.Name}'."), 0);
        }

        var location = Location;
        if (location is not null && location.Name != file.Name)
        {
            return new AnnounceReply(P2PStatus.Conflict, $"Hash collision: key {Key} is already '{location.Name}'; '{file.Name}' is refused.", 0);
        }

        var (status, reason, updated) = location is null ? Accept.First(Key, announcement) : Accept.Next(location, announcement);
        if (updated is null || updated == location)
        {
            return new AnnounceReply(status, reason, location?.Version ?? 0);
        }

        await SaveAndReportAsync(updated, $"{announcement.Peer} has {(file.Part is null ? "" : $"part {file.Part} of ")}{file.Name}");
        return new AnnounceReply(status, reason, updated.Version);
    }

    public async Task<Reply> WithdrawAsync(Withdrawal withdrawal)
    {
        if (Location is not { } location)
        {
            return Reply.Fail(P2PStatus.NotFound, $"No file has key {Key}.");
        }

        var updated = withdrawal.Part is null
            ? location with { WholeHolders = location.WholeHolders.Remove(withdrawal.Peer) }
            : location with { Parts = [.. location.Parts.Select(p => p.Part == withdrawal.Part ? p with { Holders = p.Holders.Remove(withdrawal.Peer) } : p)] };
        if (updated.WholeHolders.SequenceEqual(location.WholeHolders) && updated.Parts.SequenceEqual(location.Parts))
        {
            return Reply.Fail(P2PStatus.NotFound, $"{withdrawal.Peer} did not hold {location.Name}.");
        }

        await SaveAndReportAsync(updated, $"{withdrawal.Peer} no longer has {location.Name}");
        return Reply.Ok();
    }

    public Task<LocateReply> LocateAsync() =>
        Task.FromResult(Location is { } location && (!location.WholeHolders.IsEmpty || location.Parts.Any(p => !p.Holders.IsEmpty))
            ? new LocateReply(P2PStatus.Ok, "OK", location)
            : new LocateReply(P2PStatus.NotFound, $"No peer has a file with key {Key}.", null));

    public async Task<PublishReply> PublishUpdateAsync(PublishRequest request)
    {
        if (Location is not { } location)
        {
            return new PublishReply(P2PStatus.NotFound, $"No peer has a file with key {Key}.", 0, 0);
        }

        if (location.Name != request.Name)
        {
            return new PublishReply(P2PStatus.Conflict, $"Hash collision: key {Key} is '{location.Name}', not '{request.Name}'.", location.Version, 0);
        }

        if (!location.WholeHolders.Contains(request.Publisher))
        {
            return new PublishReply(P2PStatus.Conflict, $"{request.Publisher} does not hold the whole of {location.Name}; download it before editing.", location.Version, 0);
        }

        if (request.BaseVersion != location.Version)
        {
            return new PublishReply(P2PStatus.Conflict, $"Stale update of {location.Name}: it is based on version {request.BaseVersion}, but version {location.Version} is current.", location.Version, 0);
        }

        if (request.Sha256 == location.Sha256)
        {
            return new PublishReply(P2PStatus.Ok, $"{location.Name} is unchanged at version {location.Version}.", location.Version, 0);
        }

        var version = location.Version + 1;
        var update = new VersionUpdate(Key, location.Name, version, request.Sha256, request.Size, request.Publisher);

        // The version is recorded before any holder sees it, so it is never handed out twice.
        var recorded = location with { Version = version, Sha256 = request.Sha256, Size = request.Size };
        state.State.Location = recorded;
        await state.WriteStateAsync();
        logger.LogInformation("{Name} ({Key}) is now version {Version}, published by {Publisher}", location.Name, Key, version, request.Publisher);

        var (delivered, final) = await FanOutAsync(recorded, update);
        await SaveAndReportAsync(final, $"{request.Publisher} updated {location.Name} to version {version}");
        return new PublishReply(P2PStatus.Ok, $"{location.Name} is version {version} at {delivered} other holder(s).", version, delivered);
    }

    /// <summary>
    /// Every other holder brings its copy (or part) to the new version, all at once. A holder that fails is
    /// dropped from the holders, so the tracker never lists a stale copy; it rejoins when it downloads again.
    /// </summary>
    private async Task<(int Delivered, FileLocation Final)> FanOutAsync(FileLocation location, VersionUpdate update)
    {
        var targets = location.WholeHolders.Where(h => h != update.Source)
            .Concat(location.Parts.SelectMany(p => p.Holders))
            .Distinct()
            .ToList();

        var replies = await Task.WhenAll(targets.Select(async holder =>
        {
            try
            {
                return (holder, reply: await GrainFactory.GetPeer(Network, holder).ApplyUpdateAsync(update));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "{Holder} could not apply version {Version} of {Name}", holder, update.Version, update.Name);
                return (holder, reply: new ApplyReply(P2PStatus.ServiceUnavailable, exception.Message, null));
            }
        }));

        var failed = replies.Where(r => r.reply.Status != P2PStatus.Ok).Select(r => r.holder).ToHashSet();
        var partsStored = replies.Where(r => r.reply is { Status: P2PStatus.Ok, Stored.Part: not null }).Select(r => r.reply.Stored!).ToList();
        var final = location with
        {
            WholeHolders = [.. location.WholeHolders.Where(h => !failed.Contains(h))],
            Parts = [.. location.Parts.Select(p => p with
            {
                Holders = [.. p.Holders.Where(h => !failed.Contains(h))],
                Sha256 = partsStored.FirstOrDefault(s => s.Part == p.Part)?.Sha256 ?? p.Sha256,
                Size = partsStored.FirstOrDefault(s => s.Part == p.Part)?.Size ?? p.Size,
            })],
        };
        return (replies.Length - failed.Count, final);
    }

    private async Task SaveAndReportAsync(FileLocation location, string change)
    {
        state.State.Location = location;
        await state.WriteStateAsync();
        await GrainFactory.GetTracker(Network).RecordLocationAsync(location, change);
    }
}

using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>
/// One shared file of one network, keyed by its hash key. It is the single place where the file's version
/// advances: announcements and updates are handled one at a time (the grain is not reentrant), so two
/// edits based on the same version can never both win.
/// </summary>
public sealed partial class FileGrain(
    [PersistentState("file", StorageNames.Metadata)] IPersistentState<FileState> state,
    IOptions<P2POptions> options,
    ILogger<FileGrain> logger) : Grain, IFileGrain
{
    private IGrainTimer? _retry;

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

        if (location is not null && state.State.Pending.Contains(announcement.Peer) && announcement.BasedOn is { } basedOn && basedOn < location.Version)
        {
            // This holder missed an update that is still on its way to it: it keeps its version until the delivery lands.
            ScheduleRetry(TimeSpan.Zero);
            return new AnnounceReply(P2PStatus.Ok, $"Version {location.Version} of {file.Name} is on its way to {announcement.Peer}.", basedOn);
        }

        if (location is not null && state.State.Pending.Contains(announcement.Peer) && announcement.BasedOn == location.Version && file.Part is null && file.Sha256 == location.Sha256)
        {
            // A pending holder that got the current version by itself (it resolved a conflict, say): no longer pending.
            state.State.Pending = state.State.Pending.Remove(announcement.Peer);
            state.State.PendingWhy = state.State.PendingWhy.Remove(announcement.Peer);
            Metrics.ReportPending(this.GetPrimaryKeyString(), state.State.Pending.Count);
            var caughtUp = await SaveAndReportAsync(location, $"{announcement.Peer} has {file.Name} version {location.Version}");
            return new AnnounceReply(P2PStatus.Ok, $"{announcement.Peer} holds {file.Name} version {location.Version}.", location.Version, caughtUp);
        }

        if (location is { Sha256: { } current } && file.Part is null && file.Sha256 != current && BehindAt(announcement, location) is { } behind)
        {
            return await CatchUpAsync(announcement.Peer, behind, location);
        }

        var (status, reason, updated) = location is null ? Accept.First(Key, announcement) : Accept.Next(location, announcement);
        if (updated is null || updated == location)
        {
            return new AnnounceReply(status, reason, location?.Version ?? 0);
        }

        var trackerVersion = await SaveAndReportAsync(updated, $"{announcement.Peer} has {(file.Part is null ? "" : $"part {file.Part} of ")}{file.Name}", announcement.Peer);
        return new AnnounceReply(status, reason, updated.Version, trackerVersion);
    }

    /// <summary>
    /// The older version a whole copy that differs from the current one still is, or null when it is none: the
    /// peer's record says so (it announces the version its unchanged copy was at), or, for a peer that lost its
    /// record, the copy's digest is one of the recent versions'. Such a copy is behind, not a new edit.
    /// </summary>
    private long? BehindAt(Announcement announcement, FileLocation location) =>
        announcement.BasedOn is { } basedOn && basedOn > 0
            ? basedOn < location.Version ? basedOn : null
            : state.State.Versions.LastOrDefault(v => v.Sha256 == announcement.File.Sha256 && v.Version < location.Version)?.Version;

    /// <summary>A holder whose copy is an older version: listed, and brought up to the current one like any pending holder.</summary>
    private async Task<AnnounceReply> CatchUpAsync(string peer, long behind, FileLocation location)
    {
        state.State.Pending = state.State.Pending.Add(peer);
        state.State.PendingWhy = state.State.PendingWhy.SetItem(peer, new PendingHolder(peer, $"{peer} has version {behind} and is catching up.", DateTimeOffset.UtcNow));
        var updated = location with
        {
            WholeHolders = location.WholeHolders.Contains(peer) ? location.WholeHolders : location.WholeHolders.Add(peer),
            Parts = [.. location.Parts.Select(p => p with { Holders = p.Holders.Remove(peer) })],
        };
        var trackerVersion = await SaveAndReportAsync(updated, $"{peer} has {location.Name} version {behind}, behind version {location.Version}");
        Metrics.ReportPending(this.GetPrimaryKeyString(), state.State.Pending.Count);
        ScheduleRetry(TimeSpan.Zero);
        return new AnnounceReply(P2PStatus.Ok, $"{peer}'s copy of {location.Name} is version {behind}; version {location.Version} is on its way to it.", behind, trackerVersion);
    }

    /// <summary>The recent versions of the whole file, oldest first, with their authors.</summary>
    public Task<ImmutableArray<FileVersion>> ListVersionsAsync()
    {
        var versions = state.State.Versions;
        if (Location is { Sha256: { } sha, Size: { } size } location && !versions.Any(v => v.Version == location.Version))
        {
            // A file recorded before versions were kept: its current version, its author unknown.
            versions = versions.Add(new FileVersion(location.Version, sha, size, state.State.Source ?? "", DateTimeOffset.MinValue));
        }

        return Task.FromResult(versions.ToImmutableArray());
    }

    public async Task<AnnounceReply> WithdrawAsync(Withdrawal withdrawal)
    {
        if (Location is not { } location)
        {
            return new AnnounceReply(P2PStatus.NotFound, $"No file has key {Key}.", 0);
        }

        var updated = withdrawal.Part is null
            ? location with { WholeHolders = location.WholeHolders.Remove(withdrawal.Peer) }
            : location with { Parts = [.. location.Parts.Select(p => p.Part == withdrawal.Part ? p with { Holders = p.Holders.Remove(withdrawal.Peer) } : p)] };
        if (updated.WholeHolders.SequenceEqual(location.WholeHolders) && updated.Parts.SequenceEqual(location.Parts))
        {
            return new AnnounceReply(P2PStatus.NotFound, $"{withdrawal.Peer} did not hold {location.Name}.", location.Version);
        }

        var trackerVersion = await SaveAndReportAsync(updated, $"{withdrawal.Peer} no longer has {location.Name}");
        return new AnnounceReply(P2PStatus.Ok, "OK", location.Version, trackerVersion);
    }

    public Task<LocateReply> LocateAsync() =>
        Task.FromResult(Location is { } location && (!location.WholeHolders.IsEmpty || location.Parts.Any(p => !p.Holders.IsEmpty))
            ? new LocateReply(P2PStatus.Ok, state.State.Lost ?? "OK", location) { CurrentAuthor = state.State.CurrentAuthor }
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

        // A holder whose edit began before the current version lost a race, whether or not that version has
        // reached it yet: one message, naming who saved what.
        if (request.BaseVersion != location.Version && location.WholeHolders.Contains(request.Publisher))
        {
            return new PublishReply(P2PStatus.Conflict, StaleEdit.Reason(location.Name, request.BaseVersion, location.Version, state.State.CurrentAuthor), location.Version, 0)
            {
                CurrentAuthor = state.State.CurrentAuthor,
            };
        }

        if (!location.WholeHolders.Contains(request.Publisher) || state.State.Pending.Contains(request.Publisher))
        {
            return new PublishReply(P2PStatus.Conflict, $"{request.Publisher} does not hold the current version of the whole of {location.Name}; download it before editing.", location.Version, 0);
        }

        if (request.BaseVersion != location.Version)
        {
            return new PublishReply(P2PStatus.Conflict, $"Stale update of {location.Name}: it is based on version {request.BaseVersion}, but version {location.Version} is current.", location.Version, 0);
        }

        if (request.Content is { } content && (content.Length != request.Size || content.Length > VersionUpdate.MaxInlineBytes))
        {
            return new PublishReply(P2PStatus.BadRequest, $"Inline content of {request.Name} must be the whole file of {request.Size} bytes and at most {VersionUpdate.MaxInlineBytes}; it is {content.Length}.", location.Version, 0);
        }

        if (request.Sha256 == location.Sha256)
        {
            return new PublishReply(P2PStatus.Ok, $"{location.Name} is unchanged at version {location.Version}.", location.Version, 0);
        }

        // The new version and everyone who still needs it are recorded before any holder sees it: once this
        // write succeeds the update is never lost, and it is never handed out twice.
        var version = location.Version + 1;
        var previousSource = state.State.Source;
        state.State.Location = location with { Version = version, Sha256 = request.Sha256, Size = request.Size, Pieces = request.Pieces };
        state.State.Lost = null;
        state.State.Source = request.Publisher;
        state.State.RecordVersion(request.Publisher, DateTimeOffset.UtcNow);
        state.State.Pending = [.. location.WholeHolders.Where(h => h != request.Publisher).Concat(location.Parts.SelectMany(p => p.Holders))];
        await state.WriteStateAsync();
        logger.LogInformation("{Name} ({Key}) is now version {Version}, published by {Publisher}", LogText.Escape(location.Name), Key, version, LogText.Escape(request.Publisher));
        ReleaseSupersededSource(previousSource, request.Publisher);
        var accepted = P2PMetrics.Timestamp();
        Metrics.ReportPending(this.GetPrimaryKeyString(), state.State.Pending.Count);
        if (!state.State.Pending.IsEmpty)
        {
            // The tracker lists the key among pending deliveries before any holder is asked: a crash in the middle
            // of the fan-out is resumed at the next start (DeliveryResumer) even if nobody touches the file. It is
            // given the version before, so watchers hear of the new one once, when the fan-out has brought it.
            await GrainFactory.GetTracker(Network).RecordLocationAsync(location, $"{request.Publisher} is updating {location.Name}", deliveriesPending: true);
        }

        var (delivered, waiting) = await DeliverPendingAsync(request.Content);
        Metrics.FanOutCompleted(accepted, delivered);
        var trackerVersion = await ReportAsync($"{request.Publisher} updated {location.Name} to version {version}");
        var reason = waiting.IsEmpty
            ? $"{location.Name} is version {version} at {delivered} other holder(s)."
            : $"{location.Name} is version {version} at {delivered} other holder(s); {waiting.Length} more will get it as soon as they can: {string.Join("; ", waiting.Select(w => w.Reason))}";
        return new PublishReply(P2PStatus.Ok, reason, version, delivered, waiting, trackerVersion);
    }

    private P2PMetrics Metrics => ServiceProvider.GetRequiredService<P2PMetrics>();

    /// <param name="author">The peer whose announcement this is: the author of the version, when it is the first whole copy of it.</param>
    private async Task<long> SaveAndReportAsync(FileLocation location, string change, string? author = null)
    {
        state.State.Location = location;
        if (author is not null)
        {
            state.State.RecordVersion(author, DateTimeOffset.UtcNow);
        }

        await state.WriteStateAsync();
        return await ReportAsync(change);
    }

    private Task<long> ReportAsync(string change) =>
        GrainFactory.GetTracker(Network).RecordLocationAsync(state.State.Location!, change, !state.State.Pending.IsEmpty);
}

using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

/// <summary>The client side of conflict copies: listing them, and resolving one by publishing its content or by dropping it.</summary>
public sealed partial class PeerGrain
{
    public async Task<ImmutableArray<ConflictCopy>> ListConflictsAsync() =>
        RefuseClient() is null ? ConflictList.From(await GrainFactory.GetTracker(Network).GetSnapshotAsync()) : [];

    public async Task<SaveReply> ResolveConflictAsync(ResolveRequest request)
    {
        if (HeldCopyProblem(request.CopyName, out var original, out var copyKey, out var copy) is { } problem)
        {
            return problem;
        }

        if (!request.KeepCopy)
        {
            var dropped = await RemoveFileAsync(request.CopyName);
            return new SaveReply(dropped.Status, dropped.IsSuccess() ? $"{original} stays as the network has it. {dropped.Reason}" : dropped.Reason, null, 0);
        }

        if (request.BaseVersion is not { } baseVersion)
        {
            return SaveReply.Fail(P2PStatus.BadRequest, $"Publishing {request.CopyName} as {original} needs the version of {original} it replaces.");
        }

        // The copy's bytes become an upload of the original, which then follows a save's rules (stale → 409, nothing changed).
        var uploadId = $"resolve-{Guid.NewGuid():N}";
        var staged = await StageAsync(Username, new ChunkRequest(Username, copyKey, null, copy.File.Version, 0, PeerGrainExtensions.DefaultChunkSize), copy.File.Size, copy.File.Sha256, uploadId);
        if (staged.Status != P2PStatus.Ok)
        {
            return SaveReply.Fail(staged.Status, staged.Reason);
        }

        var saved = await SaveAsync(new SaveRequest(original, uploadId, baseVersion));
        if (!saved.IsSuccess())
        {
            return saved;
        }

        var removed = await RemoveFileAsync(request.CopyName);
        logger.LogInformation("{Username} resolved {Copy}: published as version {Version} of {Name}", LogText.Escape(Username), LogText.Escape(request.CopyName), saved.File?.Version, LogText.Escape(original));
        return saved with { Reason = $"{request.CopyName} is published as version {saved.File?.Version} of {original}. {removed.Reason}" };
    }

    public async Task<SaveReply> MergeConflictAsync(MergeRequest request)
    {
        if (HeldCopyProblem(request.CopyName, out var original, out _, out _) is { } problem)
        {
            Folder.DiscardUpload(request.UploadId);
            return problem;
        }

        // The merged upload follows a save's rules: a stale base version gets 409, the upload is used up, the copy stays.
        var saved = await SaveAsync(new SaveRequest(original, request.UploadId, request.BaseVersion));
        if (!saved.IsSuccess())
        {
            return saved;
        }

        var removed = await RemoveFileAsync(request.CopyName);
        logger.LogInformation("{Username} resolved {Copy} by merging: version {Version} of {Name}", LogText.Escape(Username), LogText.Escape(request.CopyName), saved.File?.Version, LogText.Escape(original));
        return saved with { Reason = $"The merge of {request.CopyName} is version {saved.File?.Version} of {original}. {removed.Reason}" };
    }

    /// <summary>Why the caller cannot resolve <paramref name="copyName"/> (not a conflict copy, not signed in, not held whole), or null.</summary>
    private SaveReply? HeldCopyProblem(string copyName, out string original, out string copyKey, out HeldFile copy)
    {
        original = "";
        copyKey = "";
        copy = null!;
        if (!FileNames.TryValidate(copyName, out var nameError))
        {
            return SaveReply.Fail(P2PStatus.BadRequest, nameError);
        }

        if (!ConflictCopies.TryParse(copyName, out var parsed, out _) || !FileNames.TryValidate(parsed, out _))
        {
            return SaveReply.Fail(P2PStatus.BadRequest, $"{copyName} is not a conflict copy (name.sync-conflict-<yyyyMMdd-HHmmss>-<user>.ext).");
        }

        if (RefuseClient() is { } refusal)
        {
            return SaveReply.Fail(P2PStatus.Unauthorized, refusal);
        }

        original = parsed!;
        copyKey = FileKey.Compute(copyName);
        if (!Table.TryGetValue(copyKey, out var held) || held.File.Name != copyName || !held.File.IsWhole)
        {
            return SaveReply.Fail(P2PStatus.NotFound, $"{Username} does not hold {copyName}.");
        }

        copy = held;
        return null;
    }
}

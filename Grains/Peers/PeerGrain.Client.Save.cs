using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

public sealed partial class PeerGrain
{
    public async Task<Reply> WriteUploadChunkAsync(UploadChunk chunk)
    {
        if (RefuseClient() is { } refusal)
        {
            return Reply.Fail(P2PStatus.Unauthorized, refusal);
        }

        if (chunk.Offset == 0 && await FolderProblemAsync() is { } unreachable)
        {
            return Reply.Fail(P2PStatus.ServiceUnavailable, unreachable);
        }

        if (chunk.Data.Length > ChunkRequest.MaxLength)
        {
            return Reply.Fail(P2PStatus.BadRequest, $"An upload chunk carries at most {ChunkRequest.MaxLength} bytes.");
        }

        IncomingFile upload;
        try
        {
            upload = Folder.OpenUpload(chunk.UploadId);
        }
        catch (ArgumentException exception)
        {
            return Reply.Fail(P2PStatus.BadRequest, exception.Message);
        }

        await using (upload)
        {
            if (upload.Length != chunk.Offset)
            {
                await upload.KeepAsync();
                return Reply.Fail(P2PStatus.Conflict, $"Upload {chunk.UploadId} has {upload.Length} bytes; a chunk at {chunk.Offset} does not follow on.");
            }

            if (upload.Length + chunk.Data.Length > _options.MaxFileSizeBytes)
            {
                // The upload is abandoned whole: nothing of it reaches the folder.
                return Reply.Fail(P2PStatus.PayloadTooLarge, $"The file is larger than the limit of {_options.MaxFileSizeBytes} bytes.");
            }

            if (Folder.StagedBytes() + chunk.Data.Length > _options.StagingBudgetBytes)
            {
                return Reply.Fail(P2PStatus.InsufficientStorage, $"{Username}'s transfers in progress would exceed its staging budget of {_options.StagingBudgetBytes} bytes (P2P:StagingBudgetBytes); finish or cancel others first.");
            }

            await upload.AppendAsync(chunk.Data);
            await upload.KeepAsync();
            UploadStaged(chunk);
        }

        return Reply.Ok();
    }

    public Task DiscardUploadAsync(string uploadId)
    {
        Folder.DiscardUpload(uploadId);
        UploadEnded(uploadId, P2PStatus.BadRequest, "The upload was given up before it was saved; nothing of it was kept.");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Makes an upload this peer's file: a new file is announced (201); an edit of a held file becomes a new
    /// version that every holder applies before the reply (200). A stale base version gets 409 and changes nothing.
    /// </summary>
    private async Task<SaveReply> SaveOnceAsync(SaveRequest request)
    {
        if (!state.State.IsRegistered || !Folder.UploadExists(request.UploadId))
        {
            return SaveReply.Fail(P2PStatus.BadRequest, $"There is no upload '{request.UploadId}' to save.");
        }

        // Whatever the outcome, the upload is used up: committed as the file, or deleted with the refusal.
        await using var upload = Folder.OpenUpload(request.UploadId);
        if (await FileCallProblemAsync(request.Name) is { } problem)
        {
            return SaveReply.Fail(problem.Status, problem.Reason);
        }

        var key = FileKey.Compute(request.Name);
        if (!_busy.Add(key))
        {
            // Busy applying the version that beat this edit, most likely: say so, as every losing edit is told.
            return Table.ContainsKey(key) && request.BaseVersion is { } based && await StaleAsync(key, request.Name, based) is { } stale
                ? stale
                : SaveReply.Fail(P2PStatus.Conflict, $"{Username} is already transferring {request.Name}.");
        }

        try
        {
            var sha = await upload.ComputeSha256Async();
            var size = upload.Length;
            return Table.TryGetValue(key, out var held)
                ? await PublishEditAsync(held, request.BaseVersion, sha, size, upload)
                : await CreateAsync(key, request.Name, request.BaseVersion, sha, size, upload);
        }
        finally
        {
            Release(key);
        }
    }

    private async Task<SaveReply> CreateAsync(string key, string name, long? baseVersion, string sha, long size, IncomingFile upload)
    {
        var existing = await FileGrainOf(key).LocateAsync();
        if (existing.Location is { } location)
        {
            return SaveReply.Fail(P2PStatus.Conflict, location.Name == name
                ? $"{name} already exists in the network (version {location.Version}); download it before editing."
                : $"Hash collision: key {key} is already '{location.Name}'.");
        }

        if (baseVersion is not null and not 0)
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{Username} does not hold {name}, so there is no version {baseVersion} to update.");
        }

        // In place first, announced after: the network never lists a holder whose copy is not in its folder (a
        // name the file system refuses fails here, with nothing announced). A refused announcement is undone.
        var file = new FileDescriptor(key, name, 1, sha, size);
        try
        {
            await upload.CommitAsync(name);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{name} could not be placed in {Username}'s folder: {exception.Message}");
        }

        file = file with { Pieces = await RecordPiecesAsync(key, null, Folder.PathOf(name)) };
        var announced = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, null));
        if (announced.Status != P2PStatus.Ok)
        {
            Folder.Delete(name);
            return SaveReply.Fail(announced.Status, announced.Reason);
        }

        file = file with { Version = announced.Version };
        await RememberAsync(file, name);
        await TrackerPublishedAsync(announced.TrackerVersion);
        return new SaveReply(P2PStatus.Created, $"{name} created in {Username}'s folder.", file, 0);
    }

    private async Task<SaveReply> PublishEditAsync(HeldFile held, long? baseVersion, string sha, long size, IncomingFile upload)
    {
        var current = held.File;
        if (current.Part is not null)
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{Username} holds only part {current.Part} of {current.Name}; download the whole file before editing.");
        }

        if (baseVersion is { } based && based != current.Version)
        {
            // Behind the network or ahead of this copy: the file grain, which orders versions, knows which.
            return await StaleAsync(current.Key, current.Name, based)
                ?? SaveReply.Fail(P2PStatus.Conflict, $"{Username}'s copy of {current.Name} is still version {current.Version}; version {based} is on its way to it. Save again in a moment.");
        }

        var (published, pieces) = await PublishAsync(current, sha, size, upload.TempPath);
        if (published.Status == P2PStatus.Conflict && published.Version > current.Version)
        {
            // Another save won at the file grain while its version was still on its way here.
            return SaveReply.Stale(current.Name, baseVersion ?? current.Version, published.Version, published.CurrentAuthor);
        }

        if (published.Status != P2PStatus.Ok)
        {
            return SaveReply.Fail(published.Status, published.Reason);
        }

        if (published.Version == current.Version)
        {
            // The same content: no new version, nothing to commit.
            return new SaveReply(P2PStatus.Ok, published.Reason, current, 0);
        }

        var file = current with { Version = published.Version, Sha256 = sha, Size = size, Pieces = pieces };
        if (LocalEditCheck.LooksUnchanged(held, Folder.Find(held.StoredName)))
        {
            History.Preserve(held.StoredName, current.Key, current.Version, null);
        }

        await upload.CommitAsync(current.Name);
        await RememberAsync(file, current.Name);
        DropOutgoingIfDelivered(current.Key, published);
        await TrackerPublishedAsync(published.TrackerVersion);
        return new SaveReply(P2PStatus.Ok, published.Reason, file, published.HoldersUpdated, published.HoldersPending);
    }

    /// <summary>The losing edit's 409 when the network's version is past <paramref name="baseVersion"/>, naming who saved it; else null.</summary>
    private async Task<SaveReply?> StaleAsync(string key, string name, long baseVersion)
    {
        var located = await FileGrainOf(key).LocateAsync();
        return located.Location is { } location && location.Version != baseVersion
            ? SaveReply.Stale(name, baseVersion, location.Version, located.CurrentAuthor)
            : null;
    }

    /// <summary>
    /// Asks the file grain for the next version. The new content is first made durable as this peer's outgoing copy
    /// (<see cref="OutgoingContent"/>, a hard link to the content where the file system allows: no second write): from the moment the file grain records the version, a crash wherever it falls
    /// leaves the content where pending holders, and this peer after a restart, can read it. A small file's content
    /// also goes along and reaches every holder with the update; a larger one is pulled from the outgoing copy.
    /// </summary>
    private async Task<(PublishReply Reply, PieceLayout? Pieces)> PublishAsync(FileDescriptor current, string sha, long size, string contentPath) =>
        await PublishStagedAsync(current, sha, size, await StageAsync(current, contentPath));

    /// <summary>The next version's content, made this peer's outgoing copy, with its pieces recorded; not published yet.</summary>
    private readonly record struct StagedVersion(long Version, PieceLayout? Pieces);

    /// <param name="read">The content's digests when the caller has already read it (a rescan): its pieces are recorded as they are.</param>
    private async Task<StagedVersion> StageAsync(FileDescriptor current, string contentPath, FileDigests? read = null)
    {
        var version = current.Version + 1;
        var outgoing = Folder.Outgoing;
        await outgoing.WriteAsync(current.Key, version, contentPath);
        return new(version, await RecordPiecesAsync(current.Key, read, outgoing.PathOf(current.Key, version)));
    }

    /// <summary>A staged version that will not be published (its source changed while it was copied): nobody asks for it.</summary>
    private void DropStaged(string key, StagedVersion staged) => File.Delete(Folder.Outgoing.PathOf(key, staged.Version));

    private async Task<(PublishReply Reply, PieceLayout? Pieces)> PublishStagedAsync(FileDescriptor current, string sha, long size, StagedVersion staged)
    {
        var (version, pieces) = staged;
        var outgoing = Folder.Outgoing;

        // Holders verify it against sha either way, so a file edited again since it was hashed is refused by them.
        var content = size <= VersionUpdate.MaxInlineBytes ? await File.ReadAllBytesAsync(outgoing.PathOf(current.Key, version)) : null;
        var published = await FileGrainOf(current.Key).PublishUpdateAsync(new PublishRequest(Username, current.Name, current.Version, sha, size, content) { Pieces = pieces });
        if (published.Status != P2PStatus.Ok || published.Version != version)
        {
            // No new version was recorded: nobody will ask for this copy.
            outgoing.DeleteUpTo(current.Key, version);
        }

        return (published, pieces);
    }

    /// <summary>Every holder has the version already: the outgoing copy goes now (otherwise the file grain releases it after the last).</summary>
    private void DropOutgoingIfDelivered(string key, PublishReply published)
    {
        if (published.HoldersPending.IsEmpty)
        {
            Folder.Outgoing.DeleteUpTo(key, published.Version);
        }
    }
}

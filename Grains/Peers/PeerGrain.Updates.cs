using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

public sealed partial class PeerGrain
{
    public async Task<Reply> WriteUploadChunkAsync(UploadChunk chunk)
    {
        if (RefuseClient() is { } refusal)
        {
            return Reply.Fail(P2PStatus.Unauthorized, refusal);
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

            await upload.AppendAsync(chunk.Data);
            await upload.KeepAsync();
        }

        return Reply.Ok();
    }

    /// <summary>
    /// Makes an upload this peer's file: a new file is announced (201); an edit of a held file becomes a new
    /// version that every holder applies before the reply (200). A stale base version gets 409 and changes nothing.
    /// </summary>
    public async Task<SaveReply> SaveAsync(SaveRequest request)
    {
        if (!state.State.IsRegistered || !Folder.UploadExists(request.UploadId))
        {
            return SaveReply.Fail(P2PStatus.BadRequest, $"There is no upload '{request.UploadId}' to save.");
        }

        // Whatever the outcome, the upload is used up: committed as the file, or deleted with the refusal.
        await using var upload = Folder.OpenUpload(request.UploadId);
        if (!FileNames.TryValidate(request.Name, out var nameError))
        {
            return SaveReply.Fail(P2PStatus.BadRequest, nameError);
        }

        if (RefuseClient() is { } refusal)
        {
            return SaveReply.Fail(P2PStatus.Unauthorized, refusal);
        }

        var key = FileKey.Compute(request.Name);
        if (!_busy.Add(key))
        {
            return SaveReply.Fail(P2PStatus.Conflict, $"{Username} is already transferring {request.Name}.");
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
            _busy.Remove(key);
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

        var file = new FileDescriptor(key, name, 1, sha, size);
        var announced = await FileGrainOf(key).AnnounceAsync(new Announcement(Username, file, null));
        if (announced.Status != P2PStatus.Ok)
        {
            return SaveReply.Fail(announced.Status, announced.Reason);
        }

        file = file with { Version = announced.Version };
        await upload.CommitAsync(name);
        await RememberAsync(file, name);
        await TrackerPublishedAsync();
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
            return SaveReply.Fail(P2PStatus.Conflict, $"Stale update of {current.Name}: it is based on version {based}, but version {current.Version} is current.");
        }

        var published = await PublishAsync(current, sha, size, (offset, length) => ReadIncomingAsync(upload, offset, length));
        if (published.Status != P2PStatus.Ok)
        {
            return SaveReply.Fail(published.Status, published.Reason);
        }

        var file = current with { Version = published.Version, Sha256 = sha, Size = size };
        await upload.CommitAsync(current.Name);
        await RememberAsync(file, current.Name);
        await TrackerPublishedAsync();
        return new SaveReply(P2PStatus.Ok, published.Reason, file, published.HoldersUpdated);
    }

    /// <summary>
    /// Asks the file grain for the next version. A small file's content goes along and reaches every holder with
    /// the update; for a larger one, while the grain fans the version out, holders read the new content from
    /// <paramref name="readNew"/>, because this peer's table still names the old version until the reply.
    /// </summary>
    private async Task<PublishReply> PublishAsync(FileDescriptor current, string sha, long size, Func<long, int, Task<byte[]>> readNew)
    {
        // Holders verify it against sha either way, so a file edited again since it was hashed is refused by them.
        var content = size <= VersionUpdate.MaxInlineBytes ? await readNew(0, (int)size) : null;

        _outgoing[current.Key] = readNew;
        try
        {
            return await FileGrainOf(current.Key).PublishUpdateAsync(new PublishRequest(Username, current.Name, current.Version, sha, size, content));
        }
        finally
        {
            _outgoing.Remove(current.Key);
        }
    }

    private static async Task<byte[]> ReadIncomingAsync(IncomingFile upload, long offset, int length)
    {
        await using var stream = new FileStream(upload.TempPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Max(0, Math.Min(length, stream.Length - offset))];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    /// <summary>
    /// A new version exists at <see cref="VersionUpdate.Source"/>: pull it (the whole file, or this peer's part
    /// re-cut from the new content) and replace the copy by rename. Versions only move forward, so a repeated
    /// delivery is answered 200 and changes nothing.
    /// </summary>
    public async Task<ApplyReply> ApplyUpdateAsync(VersionUpdate update)
    {
        if (!Table.TryGetValue(update.Key, out var held))
        {
            return new ApplyReply(P2PStatus.NotFound, $"{Username} does not hold {update.Name}.", null);
        }

        if (held.File.Version >= update.Version)
        {
            return new ApplyReply(P2PStatus.Ok, $"{Username} already has version {held.File.Version} of {update.Name}.", held.File);
        }

        if (update.Size > _options.MaxFileSizeBytes)
        {
            return new ApplyReply(P2PStatus.PayloadTooLarge, $"Version {update.Version} of {update.Name} is larger than {Username} accepts.", null);
        }

        // A rescan must not mistake the copy being replaced for a local edit, nor two deliveries race.
        if (!_busy.Add(update.Key))
        {
            return new ApplyReply(P2PStatus.ServiceUnavailable, $"{Username} is busy with {update.Name}; try again.", null);
        }

        try
        {
            return await ApplyAsync(held, update);
        }
        finally
        {
            _busy.Remove(update.Key);
        }
    }

    private async Task<ApplyReply> ApplyAsync(HeldFile held, VersionUpdate update)
    {
        var source = GrainFactory.GetPeer(Network, update.Source);
        var (offset, length) = held.File.Part?.RangeIn(update.Size) ?? (0, update.Size);
        var chunkSize = Math.Min(_options.ChunkSizeBytes, ChunkRequest.MaxLength);
        await using var incoming = Folder.BeginIncoming();
        if (update.Content is { } content)
        {
            // Checked whole before a part is cut from it: a part has no digest of its own to check against.
            if (content.Length != update.Size || FileDigest.Compute(content) != update.Sha256)
            {
                return new ApplyReply(P2PStatus.Conflict, $"Version {update.Version} of {update.Name} failed verification.", null);
            }

            await incoming.AppendAsync(content.AsMemory((int)offset, (int)length));
        }
        else
        {
            var copied = await ChunkTransfer.CopyAsync(source, new ChunkRequest(Username, update.Key, null, update.Version, offset, chunkSize), length, incoming);
            if (!copied.Succeeded)
            {
                return new ApplyReply(copied.Status, copied.Reason, null);
            }
        }

        var sha = await incoming.ComputeSha256Async();
        if (held.File.Part is null && sha != update.Sha256)
        {
            return new ApplyReply(P2PStatus.Conflict, $"Version {update.Version} of {update.Name} failed verification.", null);
        }

        var stored = held.File with { Version = update.Version, Sha256 = sha, Size = length };
        await incoming.CommitAsync(held.StoredName);
        await RememberAsync(stored, held.StoredName);
        logger.LogInformation("{Username} applied version {Version} of {Name} from {Source}", LogText.Escape(Username), update.Version, LogText.Escape(update.Name), LogText.Escape(update.Source));
        return new ApplyReply(P2PStatus.Ok, $"{Username} has version {update.Version} of {update.Name}.", stored);
    }
}

using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>How a client (the portal, a test, a tool) moves content to and from its own peer: always in chunks.</summary>
public static class PeerGrainExtensions
{
    public const int DefaultChunkSize = 1024 * 1024;

    /// <summary>Sends <paramref name="content"/> to the peer in chunks, then saves it as <paramref name="name"/>.</summary>
    public static Task<SaveReply> UploadAndSaveAsync(
        this IPeerClientGrain peer,
        string name,
        Stream content,
        long? baseVersion,
        int chunkSize = DefaultChunkSize,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        UploadThenAsync(peer, name, content, uploadId => peer.SaveAsync(new SaveRequest(name, uploadId, baseVersion)), chunkSize, progress, cancellationToken);

    /// <summary>
    /// Sends <paramref name="merged"/> to the peer in chunks, then resolves the conflict copy <paramref name="copyName"/> with
    /// it: the merged content becomes the next version of the copy's file, begun from <paramref name="baseVersion"/>.
    /// </summary>
    public static Task<SaveReply> UploadAndMergeAsync(
        this IPeerClientGrain peer,
        string copyName,
        Stream merged,
        long baseVersion,
        CancellationToken cancellationToken = default) =>
        UploadThenAsync(peer, copyName, merged, uploadId => peer.MergeConflictAsync(new MergeRequest(copyName, uploadId, baseVersion)), DefaultChunkSize, null, cancellationToken);

    private static async Task<SaveReply> UploadThenAsync(
        IPeerClientGrain peer,
        string name,
        Stream content,
        Func<string, Task<SaveReply>> finish,
        int chunkSize,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        var total = LengthOf(content);
        var buffer = new byte[Math.Clamp(chunkSize, 1, ChunkRequest.MaxLength)];
        long offset = 0;
        int read;
        try
        {
            while ((read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                var reply = await peer.WriteUploadChunkAsync(new UploadChunk(uploadId, offset, buffer[..read]) { Name = name, Total = total });
                if (reply.Status != P2PStatus.Ok)
                {
                    await peer.DiscardUploadAsync(uploadId);
                    return SaveReply.Fail(reply.Status, reply.Reason);
                }

                offset += read;
                progress?.Report(offset);
            }

            if (offset == 0)
            {
                // An empty file is still a file: open the upload with an empty chunk.
                var reply = await peer.WriteUploadChunkAsync(new UploadChunk(uploadId, 0, []) { Name = name, Total = 0 });
                if (reply.Status != P2PStatus.Ok)
                {
                    await peer.DiscardUploadAsync(uploadId);
                    return SaveReply.Fail(reply.Status, reply.Reason);
                }
            }
        }
        catch
        {
            // The body failed (too large, malformed, cut short, too slow, the client left): what was staged goes.
            // If even that fails (the peer's silo is gone), the peer's next start sweeps it.
            await peer.DiscardUploadAsync(uploadId).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        return await finish(uploadId);
    }

    /// <summary>The stream's length if it knows it (a browser's file does; a request body may not).</summary>
    private static long? LengthOf(Stream content)
    {
        try
        {
            return content.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Copies the peer's own copy of <paramref name="file"/> to <paramref name="destination"/>, chunk by chunk.</summary>
    public static async Task<P2PStatus> CopyFileToAsync(
        this IPeerClientGrain peer,
        string requester,
        FileDescriptor file,
        Stream destination,
        int chunkSize = DefaultChunkSize,
        CancellationToken cancellationToken = default)
    {
        long offset = 0;
        while (offset < file.Size)
        {
            var chunk = await peer.ReadChunkAsync(new ChunkRequest(requester, file.Key, file.Part, file.Version, offset, (int)Math.Min(Math.Clamp(chunkSize, 1, ChunkRequest.MaxLength), file.Size - offset)));
            if (chunk.Status != P2PStatus.Ok || chunk.Data.Length == 0)
            {
                return chunk.Status == P2PStatus.Ok ? P2PStatus.Conflict : chunk.Status;
            }

            await destination.WriteAsync(chunk.Data, cancellationToken);
            offset += chunk.Data.Length;
        }

        return P2PStatus.Ok;
    }
}

using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// The peer's transfers as its Transfers panel lists them: downloads (PeerGrain.Client.Download.cs records them),
/// uploads (recorded from their first chunk to the save's reply) and delivered versions (PeerGrain.Server.Updates.cs).
/// </summary>
public sealed partial class PeerGrain
{
    private readonly RecentTransfers _transfers = new();

    /// <summary>Uploads whose chunks are arriving, by upload id, until their save or discard ends them.</summary>
    private readonly Dictionary<string, TransferRecord> _uploads = new(StringComparer.Ordinal);

    public Task<ImmutableArray<TransferInfo>> ListTransfersAsync() =>
        Task.FromResult(RefuseClient() is null ? _transfers.List() : []);

    public Task<Reply> CancelTransferAsync(string id)
    {
        if (RefuseClient() is { } refusal)
        {
            return Task.FromResult(Reply.Fail(P2PStatus.Unauthorized, refusal));
        }

        if (_transfers.Find(id) is not { } transfer)
        {
            return Task.FromResult(Reply.Fail(P2PStatus.NotFound, $"{Username} has no transfer '{id}'."));
        }

        return Task.FromResult(transfer.Cancel()
            ? Reply.Ok($"The transfer of {transfer.Name} is stopping; what it verified is kept for the next try.")
            : Reply.Fail(P2PStatus.Conflict, $"The transfer of {transfer.Name} has ended or cannot be cancelled."));
    }

    /// <summary>An upload's chunk is staged: its record starts with the first chunk and counts the bytes.</summary>
    private void UploadStaged(UploadChunk chunk)
    {
        if (!_uploads.TryGetValue(chunk.UploadId, out var upload))
        {
            upload = _uploads[chunk.UploadId] = _transfers.Start(TransferKind.Upload, chunk.Name ?? "(unnamed upload)");
            if (chunk.Total is { } total)
            {
                upload.Begin(total);
            }
        }

        upload.Add(chunk.Data.Length);
    }

    private void UploadEnded(string uploadId, P2PStatus status, string reason)
    {
        if (_uploads.Remove(uploadId, out var upload))
        {
            upload.End(status, reason);
        }
    }

    private async Task<SaveReply> SaveRecordedAsync(SaveRequest request)
    {
        var reply = SaveReply.Fail(P2PStatus.ServiceUnavailable, $"The save of {request.Name} stopped unexpectedly.");
        try
        {
            return reply = await SaveOnceAsync(request);
        }
        finally
        {
            UploadEnded(request.UploadId, reply.Status, reply.Reason);
        }
    }

    private TransferRecord UpdateStarted(VersionUpdate update)
    {
        var transfer = _transfers.Start(TransferKind.Update, update.Name);
        transfer.Begin(update.Size);
        transfer.SetSources([update.Source]);
        return transfer;
    }
}

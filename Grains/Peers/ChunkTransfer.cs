using System.Security.Cryptography;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>
/// Pulls a byte range from another peer chunk by chunk into an <see cref="IncomingFile"/>, asking for the
/// next chunk while the current one is written, and returns the SHA-256 of exactly the bytes received.
/// </summary>
internal static class ChunkTransfer
{
    public static async Task<TransferResult> CopyAsync(
        IPeerGrain source,
        ChunkRequest first,
        long length,
        IncomingFile into,
        Action<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var end = first.Offset + length;
        var chunkSize = first.Length;

        Task<ChunkReply>? Request(long offset) =>
            offset < end ? source.ReadChunkAsync(first with { Offset = offset, Length = (int)Math.Min(chunkSize, end - offset) }) : null;

        var offset = first.Offset;
        var pending = Request(offset);
        while (pending is not null)
        {
            var reply = await pending;
            if (reply.Status != P2PStatus.Ok)
            {
                return new TransferResult(reply.Status, reply.Reason, null);
            }

            if (reply.Offset != offset || reply.Data.Length == 0)
            {
                return new TransferResult(P2PStatus.Conflict, $"The source sent {reply.Data.Length} bytes at {reply.Offset}, expected data at {offset}; the file changed under the transfer.", null);
            }

            offset += reply.Data.Length;
            pending = Request(offset);
            hash.AppendData(reply.Data);
            await into.AppendAsync(reply.Data, cancellationToken);
            progress?.Invoke(reply.Data.Length);
        }

        return new TransferResult(P2PStatus.Ok, "OK", Convert.ToHexStringLower(hash.GetCurrentHash()));
    }
}

internal sealed record TransferResult(P2PStatus Status, string Reason, string? Sha256);

using System.Security.Cryptography;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Peers;

/// <summary>
/// Pulls a byte range from another peer chunk by chunk into an <see cref="IncomingFile"/>, keeping a few
/// requests in flight so the source reads the next chunks while this side hashes and writes the current one.
/// </summary>
internal static class ChunkTransfer
{
    /// <summary>Requests in flight per transfer: enough to keep both sides busy, few enough to bound memory (4 MiB at 1 MiB chunks).</summary>
    public const int Window = 4;

    /// <param name="first">The request for the first chunk; its offset and length set where the range starts and the chunk size.</param>
    /// <param name="length">Bytes to copy from <paramref name="first"/>'s offset on.</param>
    /// <param name="at">Where in <paramref name="into"/> the range goes.</param>
    /// <param name="hashRange">Whether to return the SHA-256 of the range on its own (to verify one part of a file).</param>
    /// <param name="window">Requests to keep in flight, asked before each new one (default <see cref="Window"/>).</param>
    public static async Task<TransferResult> CopyAsync(
        IPeerServerGrain source,
        ChunkRequest first,
        long length,
        IncomingFile into,
        long at = 0,
        bool hashRange = false,
        Action<long>? progress = null,
        Func<int>? window = null,
        CancellationToken cancellationToken = default)
    {
        using var hash = hashRange ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var end = first.Offset + length;
        var next = first.Offset;
        var inFlight = new Queue<(ChunkRequest Request, Task<ChunkReply> Reply)>(Window);
        void Fill()
        {
            while (inFlight.Count < (window?.Invoke() ?? Window) && next < end)
            {
                var request = first with { Offset = next, Length = (int)Math.Min(first.Length, end - next) };
                inFlight.Enqueue((request, source.ReadChunkAsync(request)));
                next += request.Length;
            }
        }

        try
        {
            Fill();
            while (inFlight.TryDequeue(out var chunk))
            {
                var reply = await chunk.Reply;
                if (reply.Status != P2PStatus.Ok)
                {
                    return new TransferResult(reply.Status, reply.Reason, null);
                }

                if (reply.Offset != chunk.Request.Offset || reply.Data.Length != chunk.Request.Length)
                {
                    return new TransferResult(P2PStatus.Conflict, $"The source sent {reply.Data.Length} bytes at {reply.Offset}, expected {chunk.Request.Length} at {chunk.Request.Offset}; the file changed under the transfer.", null);
                }

                Fill();
                hash?.AppendData(reply.Data);
                await into.WriteAtAsync(at + (chunk.Request.Offset - first.Offset), reply.Data, cancellationToken);
                progress?.Invoke(reply.Data.Length);
            }
        }
        finally
        {
            // Requests still in flight after a failure are dropped; their faults must not go unobserved.
            foreach (var (_, reply) in inFlight)
            {
                _ = reply.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return new TransferResult(P2PStatus.Ok, "OK", hash is null ? null : Convert.ToHexStringLower(hash.GetCurrentHash()));
    }
}

/// <param name="RangeSha256">The range's own digest, when it was asked for.</param>
internal sealed record TransferResult(P2PStatus Status, string Reason, string? RangeSha256)
{
    public bool Succeeded => Status == P2PStatus.Ok;
}

using OrleansP2P.Protocol;

namespace OrleansP2P.Storage;

/// <summary>
/// Piece digests (<see cref="PieceLayout"/>): SHA-256 of each aligned piece, read and hashed on every core, and the
/// root over them. A file of at most one piece has no layout: its whole-file SHA-256 already proves its one piece.
/// </summary>
public static class PieceDigests
{
    /// <summary>The digest of one piece's bytes.</summary>
    public static void Compute(ReadOnlySpan<byte> piece, Span<byte> digest)
    {
        System.Security.Cryptography.SHA256.HashData(piece, digest);
    }

    /// <summary>Whether <paramref name="piece"/> is the piece <paramref name="index"/> of <paramref name="pieces"/>.</summary>
    public static bool Verify(PieceList pieces, int index, ReadOnlySpan<byte> piece)
    {
        Span<byte> digest = stackalloc byte[PieceLayout.DigestBytes];
        Compute(piece, digest);
        return digest.SequenceEqual(pieces.DigestOf(index));
    }

    /// <summary>The root of a list of piece digests, as lowercase hex.</summary>
    public static string RootOf(ReadOnlySpan<byte> digests)
    {
        Span<byte> root = stackalloc byte[PieceLayout.DigestBytes];
        Compute(digests, root);
        return Convert.ToHexStringLower(root);
    }

    /// <summary>Whether <paramref name="pieces"/> is well formed: as many digests as its size has pieces, hashing to its root.</summary>
    public static bool IsConsistent(PieceList pieces) =>
        pieces.Layout is { Hash: PieceLayout.Sha256, PieceSize: > 0 } layout &&
        pieces.Size >= 0 &&
        pieces.Digests.Length == (long)layout.CountFor(pieces.Size) * PieceLayout.DigestBytes &&
        RootOf(pieces.Digests) == layout.Root;

    /// <summary>Which of <paramref name="indices"/> the file at <paramref name="path"/> holds intact at their offsets, read and checked on every core.</summary>
    public static async Task<IReadOnlyList<int>> VerifyStoredAsync(string path, PieceList pieces, IEnumerable<int> indices, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var good = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForEachAsync(
            indices,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var (offset, length) = pieces.Layout.RangeOf(index, pieces.Size);
                var piece = await FileChunks.ReadAsync(handle, offset, length, token);
                if (piece.Length == length && Verify(pieces, index, piece))
                {
                    good.Add(index);
                }
            });
        return [.. good.Order()];
    }

    /// <summary>
    /// The whole file's SHA-256 and its piece list (null when the file is at most one piece long) from one read of
    /// the file at <paramref name="path"/>: each piece is read once and hashed on its own, side by side on every core,
    /// while the whole file's digest takes the same bytes in order on one core, a batch behind. Half the reading of
    /// a digest pass followed by a piece pass, and the two describe the same bytes even if the file changes meanwhile.
    /// </summary>
    public static async Task<FileDigests> ComputeWithWholeAsync(string path, int pieceSize = PieceLayout.DefaultPieceSize, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var size = RandomAccess.GetLength(handle);
        var count = (int)((size + pieceSize - 1) / pieceSize);
        var digests = new byte[count * PieceLayout.DigestBytes];
        using var whole = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var batch = Math.Max(2, Environment.ProcessorCount);
        var appending = Task.CompletedTask;
        for (var first = 0; first < count; first += batch)
        {
            var pieces = await Task.WhenAll(Enumerable.Range(first, Math.Min(batch, count - first)).Select(index => Task.Run(
                async () =>
                {
                    var offset = (long)index * pieceSize;
                    var piece = await FileChunks.ReadAsync(handle, offset, (int)Math.Min(pieceSize, size - offset), cancellationToken);
                    Compute(piece, digests.AsSpan(index * PieceLayout.DigestBytes, PieceLayout.DigestBytes));
                    return piece;
                },
                cancellationToken)));

            // The previous batch's bytes must be in the whole digest first; this batch follows while the next one is read.
            await appending;
            appending = Task.Run(
                () =>
                {
                    foreach (var piece in pieces)
                    {
                        whole.AppendData(piece);
                    }
                },
                cancellationToken);
        }

        await appending;
        var sha = Convert.ToHexStringLower(whole.GetHashAndReset());
        return new FileDigests(sha, size, count > 1 ? new PieceList(new PieceLayout(pieceSize, PieceLayout.Sha256, RootOf(digests)), size, digests) : null);
    }

    /// <summary>The piece list of the file at <paramref name="path"/>, or null when it is at most one piece long.</summary>
    public static async Task<PieceList?> ComputeAsync(string path, int pieceSize = PieceLayout.DefaultPieceSize, CancellationToken cancellationToken = default)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var size = RandomAccess.GetLength(handle);
        if (size <= pieceSize)
        {
            return null;
        }

        var count = (int)((size + pieceSize - 1) / pieceSize);
        var digests = new byte[count * PieceLayout.DigestBytes];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var offset = (long)index * pieceSize;
                var piece = await FileChunks.ReadAsync(handle, offset, (int)Math.Min(pieceSize, size - offset), token);
                Compute(piece, digests.AsSpan(index * PieceLayout.DigestBytes, PieceLayout.DigestBytes));
            });
        return new PieceList(new PieceLayout(pieceSize, PieceLayout.Sha256, RootOf(digests)), size, digests);
    }
}

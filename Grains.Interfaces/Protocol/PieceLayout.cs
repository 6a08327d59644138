namespace OrleansP2P.Protocol;

/// <summary>
/// How a version of a file is cut into pieces and proven: pieces of <see cref="PieceSize"/> bytes aligned to
/// whole-file offsets (the last one shorter), each digested with <see cref="Hash"/>, and <see cref="Root"/> the
/// digest of the piece digests in order. This is all a location carries; the list of piece digests itself is kept
/// by the file's <see cref="IPieceListGrain"/> and fetched when a transfer needs it.
/// </summary>
/// <param name="Root">Lowercase hex of <see cref="Hash"/> over the concatenated 32-byte piece digests.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PieceLayout")]
public sealed record PieceLayout(
    [property: Id(0)] int PieceSize,
    [property: Id(1)] string Hash,
    [property: Id(2)] string Root)
{
    /// <summary>1 MiB: one chunk request per piece, 1,024 digests (32 KiB) for a 1 GiB file.</summary>
    public const int DefaultPieceSize = 1 << 20;

    /// <summary>
    /// SHA-256 (32-byte output). The managed BLAKE3 measured faster once warm, but its first ~50 MiB after a process
    /// starts run unoptimised (15–30 ms a MiB), which a download pays in full (docs/benchmarks.md, "Piece digests").
    /// </summary>
    public const string Sha256 = "sha256";

    public const int DigestBytes = 32;

    public int CountFor(long size) => (int)((size + PieceSize - 1) / PieceSize);

    /// <summary>The byte range of piece <paramref name="index"/> in a file of <paramref name="size"/> bytes.</summary>
    public (long Offset, int Length) RangeOf(int index, long size)
    {
        var offset = (long)index * PieceSize;
        return (offset, (int)Math.Min(PieceSize, size - offset));
    }
}

/// <summary>The piece digests of one version: <see cref="Size"/> bytes cut as <see cref="Layout"/> says.</summary>
/// <param name="Digests">The piece digests, <see cref="PieceLayout.DigestBytes"/> each, in piece order.</param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PieceList")]
public sealed record PieceList(
    [property: Id(0)] PieceLayout Layout,
    [property: Id(1)] long Size,
    [property: Id(2)] byte[] Digests)
{
    public int Count => Digests.Length / PieceLayout.DigestBytes;

    public ReadOnlySpan<byte> DigestOf(int index) => Digests.AsSpan(index * PieceLayout.DigestBytes, PieceLayout.DigestBytes);
}

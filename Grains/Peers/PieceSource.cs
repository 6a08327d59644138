using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// A holder a download may take pieces from: the whole file (<see cref="Part"/> null, every byte), or one part
/// (bytes [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Length"/>) of the whole, asked for relative to the part).
/// </summary>
internal sealed record PieceSource(string Peer, IPeerServerGrain Grain, PartSpec? Part, long Offset, long Length)
{
    public long End => Offset + Length;

    public bool Covers(long offset) => offset >= Offset && offset < End;

    public bool Covers(long offset, long length) => offset >= Offset && offset + length <= End;

    /// <summary>The request for <paramref name="length"/> bytes at whole-file <paramref name="offset"/>, in this source's own offsets.</summary>
    public ChunkRequest Request(ChunkRequest template, long offset, int length) =>
        template with { Part = Part, Offset = offset - Offset, Length = length };
}

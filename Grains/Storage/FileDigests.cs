using OrleansP2P.Protocol;

namespace OrleansP2P.Storage;

/// <summary>What one read of a file found (<see cref="PieceDigests.ComputeWithWholeAsync"/>): its SHA-256 and size, and its piece list when it is longer than one piece.</summary>
public sealed record FileDigests(string Sha256, long Size, PieceList? Pieces);

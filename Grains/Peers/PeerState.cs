using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>A peer's metadata: its credential, its sessions and its folder (its key → file table is a <see cref="PeerTable"/>). Content stays in the folder.</summary>
[GenerateSerializer, Alias("OrleansP2P.PeerState")]
public sealed class PeerState
{
    [Id(0)] public string? PasswordHash { get; set; }

    [Id(1)] public string? Folder { get; set; }

    /// <summary>
    /// Before the table was kept in buckets of its own (<see cref="PeerTable"/>): hash key → the copy this peer held.
    /// Moved into the buckets at activation, then empty.
    /// </summary>
    [Id(2)] public ImmutableDictionary<string, HeldFile> Table { get; set; } = ImmutableDictionary<string, HeldFile>.Empty;

    /// <summary>Before sessions were kept one per login: the one session id. Moved into <see cref="Sessions"/> at activation.</summary>
    [Id(3)] public string? SessionId { get; set; }

    /// <summary>Fingerprint of each open session's id (see <see cref="Security.PeerSessions"/>) → when it started.</summary>
    [Id(4)] public ImmutableDictionary<string, DateTimeOffset> Sessions { get; set; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The id written in the folder's marker <c>.p2p/folder-id</c>: a folder without it is not this peer's folder (an unmounted disk).</summary>
    [Id(5)] public string? FolderId { get; set; }

    public bool IsRegistered => PasswordHash is not null;
}

/// <summary>
/// One row of a peer's key-value table: what it holds under a key, and the size and time the folder showed
/// when it was last hashed, so a rescan rehashes only files that changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.HeldFile")]
public sealed record HeldFile(
    [property: Id(0)] FileDescriptor File,
    [property: Id(1)] string StoredName,
    [property: Id(2)] DateTime LastWriteUtc)
{
    /// <summary>
    /// A record for a copy the peer has no record of, that the disk can never match: whatever is in the folder under
    /// that name counts as a local edit and is kept as a conflict copy before the network's version takes its place.
    /// </summary>
    public static HeldFile Unrecorded(FileDescriptor file, string storedName) =>
        new(file with { Version = 0, Sha256 = "", Size = -1, Pieces = null }, storedName, DateTime.MinValue);

    public bool IsUnrecorded => File.Sha256.Length == 0;
}

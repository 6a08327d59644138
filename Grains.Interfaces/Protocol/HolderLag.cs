namespace OrleansP2P.Protocol;

/// <summary>
/// A holder that does not have the current version yet. <see cref="Tried"/>: a delivery to it ended without it
/// (the file grain tries again; <see cref="Reason"/> says why); not tried: its first delivery is under way.
/// <see cref="Since"/>: when it first fell behind (the version's time, for a delivery under way).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.HolderLag")]
public sealed record HolderLag(
    [property: Id(0)] string Peer,
    [property: Id(1)] bool Tried,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset Since);

/// <summary>A file's holders at its current version (<see cref="FileLocation"/>) and those of them that lag behind it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.HoldersReply")]
public sealed record HoldersReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] FileLocation? Location,
    [property: Id(3)] ImmutableArray<HolderLag> Lagging) : IReply;

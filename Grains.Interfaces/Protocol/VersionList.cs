namespace OrleansP2P.Protocol;

/// <summary>
/// One of the network's recent versions of a file, and the peers that can serve its whole bytes now: the holders
/// whose folder copy is that version, and the peers whose history keeps it. Each peer said so itself when asked.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.KeptVersion")]
public sealed record KeptVersion(
    [property: Id(0)] FileVersion Version,
    [property: Id(1)] ImmutableArray<string> KeptBy);

/// <summary>200 with the file's recent versions, oldest first; 404 when the network has no file of that name.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.VersionListReply")]
public sealed record VersionListReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Key,
    [property: Id(3)] long CurrentVersion,
    [property: Id(4)] ImmutableArray<KeptVersion> Versions) : IReply
{
    public static VersionListReply Fail(P2PStatus status, string reason) => new(status, reason, "", 0, []);
}

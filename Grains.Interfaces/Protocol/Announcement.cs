namespace OrleansP2P.Protocol;

/// <summary>
/// Peer to file grain: "<see cref="Peer"/> has this file (or part)". Sent for each file when a peer logs in
/// or rescans its folder, and after a download ("user4 has downloaded File3.txt").
/// </summary>
/// <param name="BasedOn">
/// The version the peer's copy was last known at, or null for a copy the network has never seen from this peer.
/// </param>
[GenerateSerializer, Immutable, Alias("OrleansP2P.Announcement")]
public sealed record Announcement(
    [property: Id(0)] string Peer,
    [property: Id(1)] FileDescriptor File,
    [property: Id(2)] long? BasedOn);

/// <summary>200 with the version the peer now holds; 409 when a different name has this key or the content differs.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.AnnounceReply")]
/// <remarks><see cref="TrackerVersion"/>: the tracker version this change produced (0 when it changed nothing); the
/// announcer waits for exactly that version before its caller is answered.</remarks>
public sealed record AnnounceReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Version,
    [property: Id(3)] long TrackerVersion = 0) : IReply;

/// <summary>Peer to file grain: "<see cref="Peer"/> no longer holds this file (or part)".</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.Withdrawal")]
public sealed record Withdrawal(
    [property: Id(0)] string Peer,
    [property: Id(1)] PartSpec? Part);

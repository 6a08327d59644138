using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// The tracker server of one network (keyed by network name): sign-up, the list of peers and who is online,
/// and the tracker table that every peer keeps as Tracker.txt.
/// </summary>
[Alias("OrleansP2P.ITrackerGrain")]
public interface ITrackerGrain : IGrainWithStringKey
{
    /// <summary>Creates a new peer with its own folder.</summary>
    [Alias("SignUp")]
    Task<SignUpReply> SignUpAsync(SignUpRequest request);

    /// <summary>
    /// A peer reports whether it has an open session now, for the list of peers (the sessions themselves are
    /// the peer's). Returns the tracker's current version.
    /// </summary>
    [Alias("RecordPresence")]
    Task<long> RecordPresenceAsync(string username, bool online);

    /// <summary>
    /// A file grain reports a change of who holds its file; every peer's Tracker.txt follows in the next
    /// publication round, which this call starts but does not wait for. It also says whether some holders
    /// still wait for the current version, so deliveries can be resumed after a restart. Returns the tracker
    /// version that includes the change (0 when Tracker.txt does not change), for the one who caused it to await.
    /// </summary>
    [Alias("RecordLocation")]
    Task<long> RecordLocationAsync(FileLocation location, string change, bool deliveriesPending);

    /// <summary>
    /// Completes once every peer's Tracker.txt shows <paramref name="version"/> or a later one; fails (never hangs)
    /// if the round that was to publish it fails.
    /// </summary>
    [Alias("AwaitPublished")]
    Task AwaitPublishedAsync(long version);

    /// <summary>Wakes every file grain with deliveries still pending (called at silo start).</summary>
    [Alias("ResumeDeliveries"), ResponseTimeout("00:30:00")]
    Task ResumeDeliveriesAsync();

    [Alias("GetSnapshot")]
    Task<TrackerSnapshot> GetSnapshotAsync();

    [Alias("ListPeers")]
    Task<ImmutableArray<PeerSummary>> ListPeersAsync();

    [Alias("IsOnline")]
    Task<bool> IsOnlineAsync(string username);

    /// <summary>Registers (or renews) a live watcher; subscriptions expire unless renewed within a minute or so.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(ITrackerObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(ITrackerObserver observer);
}

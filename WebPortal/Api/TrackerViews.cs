using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>The tracker table at one version.</summary>
public sealed record TrackerView(long Version, DateTimeOffset UpdatedUtc, IReadOnlyList<TrackerRowView> Rows)
{
    public static TrackerView Of(TrackerSnapshot snapshot) => new(snapshot.Version, snapshot.UpdatedUtc, snapshot.Rows.Select(TrackerRowView.Of).ToList());
}

/// <summary>One line of Tracker.txt.</summary>
public sealed record TrackerRowView(string Key, string Name, string Part, IReadOnlyList<string> Holders)
{
    public static TrackerRowView Of(TrackerRow row) => new(row.Key, row.Name, row.Layout, row.Holders);
}

/// <summary>
/// A registered peer: its home host, whether that host is up (reachable), whether it has a live session (signed
/// in), when it was last seen signed in (null: never since the record was kept), and the files and bytes it served.
/// </summary>
public sealed record PeerView(string Username, string? Host, bool Reachable, bool SignedIn, DateTimeOffset? LastSeen, long FilesServed, long BytesServed)
{
    public static PeerView Of(PeerPresence peer) =>
        new(peer.Username, peer.Host, peer.Reachable, peer.SignedIn, peer.Activity.LastSeen, peer.Activity.FilesServed, peer.Activity.BytesServed);
}

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

/// <summary>A registered peer, and whether it is online now.</summary>
public sealed record PeerView(string Username, bool Online)
{
    public static PeerView Of(PeerSummary peer) => new(peer.Username, peer.Online);
}

using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>
/// A file's holders at its current version: how many are up to date, a summary in words ("2 of 3 up to date,
/// 1 waiting for host B"), and each holder with its copy, its state and why and since when it lags.
/// </summary>
public sealed record HoldersView(string Name, string Key, long Version, int UpToDate, int Total, string Summary, IReadOnlyList<HolderView> Holders)
{
    /// <summary>
    /// Joins the file grain's holders and laggards with the peer list's hosts and reachability: a lagging holder
    /// whose host is down is <see cref="HolderView.NotReachable"/>; one whose delivery ended without it, retrying;
    /// one whose first delivery is under way, delivery pending.
    /// </summary>
    public static HoldersView Of(HoldersReply reply, IEnumerable<PeerPresence> peers)
    {
        var location = reply.Location ?? throw new ArgumentException("A reply without a location has no holders.", nameof(reply));
        var presence = peers.ToDictionary(p => p.Username, StringComparer.Ordinal);
        var lagging = reply.Lagging.ToDictionary(l => l.Peer, StringComparer.Ordinal);
        var copies = location.WholeHolders.Select(h => (Peer: h, Copy: "full"))
            .Concat(location.Parts.SelectMany(p => p.Holders.Select(h => (Peer: h, Copy: $"part {p.Part}"))));
        var holders = copies
            .GroupBy(c => c.Peer, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var peer = presence.GetValueOrDefault(g.Key);
                var copy = string.Join(", ", g.Select(c => c.Copy));
                if (lagging.GetValueOrDefault(g.Key) is not { } lag)
                {
                    return new HolderView(g.Key, peer?.Host, copy, HolderView.Current, null, null);
                }

                var state = peer is { Reachable: false } ? HolderView.NotReachable : lag.Tried ? HolderView.Retrying : HolderView.DeliveryPending;
                return new HolderView(g.Key, peer?.Host, copy, state, lag.Reason, lag.Since);
            })
            .ToList();
        var upToDate = holders.Count(h => h.State == HolderView.Current);
        return new HoldersView(location.Name, location.Key, location.Version, upToDate, holders.Count, Summarize(holders, upToDate), holders);
    }

    private static string Summarize(IReadOnlyList<HolderView> holders, int upToDate)
    {
        var behind = holders
            .Where(h => h.State != HolderView.Current)
            .GroupBy(h => h.State == HolderView.NotReachable ? $"waiting for host {h.Host ?? "unknown"}" : h.State == HolderView.Retrying ? "retrying" : "being delivered")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        return string.Join(", ", behind.Prepend($"{upToDate} of {holders.Count} up to date"));
    }
}

/// <summary>
/// One holder of a file: its host, its copy (<c>full</c>, or <c>part i/n</c>), and its <see cref="State"/>:
/// <c>current</c>, or lagging (<c>not-reachable</c>: its host is down; <c>retrying</c>: a delivery ended without
/// it; <c>delivery-pending</c>: its first delivery is under way) with <see cref="Why"/> and <see cref="Since"/>.
/// </summary>
public sealed record HolderView(string Peer, string? Host, string Copy, string State, string? Why, DateTimeOffset? Since)
{
    public const string Current = "current";
    public const string NotReachable = "not-reachable";
    public const string Retrying = "retrying";
    public const string DeliveryPending = "delivery-pending";
}

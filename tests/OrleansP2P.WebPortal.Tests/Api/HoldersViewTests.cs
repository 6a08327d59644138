using OrleansP2P.Hosts;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Api;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>Why a holder lags, in the API's words: its host is down, a delivery ended without it, or its first one is under way.</summary>
public sealed class HoldersViewTests
{
    private static readonly DateTimeOffset Saved = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private static readonly FileLocation Location = new(FileKey.Compute("File2.txt"), "File2.txt", 3, "sha", 100,
        ["user1", "user4", "user5"], [new PartLocation(new PartSpec(1, 2), "s1", 50, ["user2"]), new PartLocation(new PartSpec(2, 2), "s2", 50, ["user3"])]);

    private static readonly PeerPresence[] Peers =
    [
        new("user1", "A", true, true), new("user2", "A", true, false), new("user3", "B", false, false), new("user4", "C", true, true), new("user5", "B", false, false),
    ];

    [Fact]
    public void Each_lagging_holder_says_why_and_since_when_and_the_summary_counts_them()
    {
        var view = HoldersView.Of(new HoldersReply(P2PStatus.Ok, "OK", Location,
        [
            new HolderLag("user2", true, "user2 did not apply it within 60 s.", Saved.AddSeconds(1)),
            new HolderLag("user3", true, "user3 is offline: host B is down.", Saved),
            new HolderLag("user4", false, "user4 is being sent version 3.", Saved),
            new HolderLag("user5", false, "user5 is being sent version 3.", Saved),
        ]), Peers);

        Assert.Equal("1 of 5 up to date, 1 being delivered, 1 retrying, 2 waiting for host B", view.Summary);
        Assert.Equal(
            [
                "user1 A full current  ",
                $"user2 A part 1/2 retrying user2 did not apply it within 60 s. {Saved.AddSeconds(1):O}",
                $"user3 B part 2/2 not-reachable user3 is offline: host B is down. {Saved:O}",
                $"user4 C full delivery-pending user4 is being sent version 3. {Saved:O}",
                $"user5 B full not-reachable user5 is being sent version 3. {Saved:O}",
            ],
            view.Holders.Select(h => $"{h.Peer} {h.Host} {h.Copy} {h.State} {h.Why} {h.Since:O}"));
        Assert.Equal((1, 5, 3L), (view.UpToDate, view.Total, view.Version));
    }

    [Fact]
    public void Holders_that_all_have_the_current_version_are_all_up_to_date()
    {
        Assert.Equal("5 of 5 up to date", HoldersView.Of(new HoldersReply(P2PStatus.Ok, "OK", Location, []), Peers).Summary);
    }
}

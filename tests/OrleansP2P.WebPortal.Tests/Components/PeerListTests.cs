using Bunit;
using OrleansP2P.Hosts;
using OrleansP2P.WebPortal.Components.Peers;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class PeerListTests : MudComponentTest
{
    private static string Words(AngleSharp.Dom.IElement element) => string.Join(" ", element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Every_peer_is_listed_with_its_host_signed_in_and_reachable_as_two_things_last_seen_and_served()
    {
        var seen = DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-10);
        var list = Context.Render<PeerList>(p => p
            .Add(l => l.Peers, [
                new PeerPresence("user1", "A", true, false) { Activity = new PeerActivity(seen, 2, 3 * 1024) },
                new PeerPresence("user3", "B", false, false) { Activity = new PeerActivity(seen, 1, 100) },
                new PeerPresence("user4", "C", true, true),
                new PeerPresence("user5", "C", true, false)])
            .Add(l => l.Me, "user4"));

        Assert.Equal(
            [
                "user1 on A signed out reachable last seen 5 min ago served 2 files, 3 KiB",
                "user3 on B signed out not reachable last seen 5 min ago served 1 file, 100 B",
                "user4 (you) on C signed in reachable seen now served nothing yet",
                "user5 on C signed out reachable never seen served nothing yet",
            ],
            list.FindAll(".mud-list-item").Select(Words));
        Assert.Equal("Peers", list.Find("[aria-label='Peers']").GetAttribute("aria-label"));
        Assert.EndsWith("UTC", list.Find("[data-testid='peer-user1'] ~ div [data-testid='last-seen']").GetAttribute("title"));
    }
}

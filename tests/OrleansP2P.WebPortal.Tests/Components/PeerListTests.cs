using Bunit;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Peers;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class PeerListTests : MudComponentTest
{
    [Fact]
    public void Every_peer_is_listed_with_its_status_in_words_and_the_user_marked()
    {
        var list = Context.Render<PeerList>(p => p
            .Add(l => l.Peers, [new PeerSummary("user1", false), new PeerSummary("user4", true)])
            .Add(l => l.Me, "user4"));

        var items = list.FindAll(".mud-list-item").Select(i => string.Join(" ", i.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["user1 offline", "user4 (you) online"], items);
        Assert.Equal("Peers", list.Find("[aria-label='Peers']").GetAttribute("aria-label"));
    }
}

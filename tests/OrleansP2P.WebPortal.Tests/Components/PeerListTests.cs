using Bunit;
using OrleansP2P.Hosts;
using OrleansP2P.WebPortal.Components.Peers;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class PeerListTests : MudComponentTest
{
    [Fact]
    public void Every_peer_is_listed_with_its_host_and_state_in_words_and_the_user_marked()
    {
        var list = Context.Render<PeerList>(p => p
            .Add(l => l.Peers, [new PeerPresence("user1", "A", true, false), new PeerPresence("user3", "B", false, false), new PeerPresence("user4", "C", true, true)])
            .Add(l => l.Me, "user4"));

        var items = list.FindAll(".mud-list-item").Select(i => string.Join(" ", i.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["user1 on A reachable", "user3 on B offline", "user4 (you) on C signed in"], items);
        Assert.Equal("Peers", list.Find("[aria-label='Peers']").GetAttribute("aria-label"));
    }
}

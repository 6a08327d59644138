using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class PresenceIndexTests
{
    private static readonly Dictionary<string, string> Homes = new() { ["user1"] = "A", ["user3"] = "B", ["user4"] = "C" };

    [Fact]
    public void A_peer_is_reachable_when_its_home_host_has_a_live_silo_and_signed_in_only_when_reachable_too()
    {
        var listed = PresenceIndex.Join(
            [new PeerSummary("user1", false), new PeerSummary("user3", true), new PeerSummary("user4", true)],
            Homes,
            new Dictionary<string, int> { ["A"] = 1, ["C"] = 2 });

        Assert.Equal<PeerPresence>([new("user1", "A", true, false), new("user3", "B", false, false), new("user4", "C", true, true)], listed);
    }

    [Fact]
    public void A_peer_with_no_home_record_yet_is_reachable_while_any_host_is_up()
    {
        Assert.Equal(new PeerPresence("old", null, true, true), Assert.Single(PresenceIndex.Join([new PeerSummary("old", true)], Homes, new Dictionary<string, int> { ["A"] = 1 })));
        Assert.Equal(new PeerPresence("old", null, false, false), Assert.Single(PresenceIndex.Join([new PeerSummary("old", true)], Homes, new Dictionary<string, int>())));
    }

    [Fact]
    public void Sign_up_offers_the_live_hosts_and_preselects_the_co_hosted_one_else_the_one_with_fewest_peers()
    {
        HostInfo[] hosts = [new("A", true, 1, 5), new("B", false, 0, 0), new("C", true, 1, 2), new("D", true, 2, 2)];

        Assert.Equal<string>(["A", "C", "D"], HostChoice.Live(hosts));
        Assert.Equal("A", HostChoice.Default(hosts, local: "A"));
        Assert.Equal("C", HostChoice.Default(hosts, local: null));
        Assert.Equal("C", HostChoice.Default(hosts, local: "B"));
        Assert.Null(HostChoice.Default([new("B", false, 0, 0)], local: null));
    }
}

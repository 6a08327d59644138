using OrleansP2P.Hosting;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Unit;

public sealed class HostMarkerTests : IDisposable
{
    private readonly string _root = TestClusters.NewDataRoot();

    public void Dispose() => TestClusters.DeleteDataRoot(_root);

    [Fact]
    public void A_new_data_root_is_adopted_with_the_machine_name_and_the_marker_written()
    {
        Assert.Equal("machine-1", HostMarker.Resolve(_root, null, "machine-1"));
        Assert.Equal("machine-1", File.ReadAllText(Path.Combine(_root, HostMarker.FileName)).Trim());
    }

    [Fact]
    public void A_configured_host_names_a_new_data_root()
    {
        Assert.Equal("A", HostMarker.Resolve(_root, "A", "machine-1"));
        Assert.Equal("A", HostMarker.Resolve(_root, null, "machine-2"));
        Assert.Equal("A", HostMarker.Resolve(_root, "A", "machine-2"));
    }

    [Fact]
    public void A_data_root_of_another_host_is_refused_with_both_names()
    {
        HostMarker.Resolve(_root, "A", "machine-1");
        var refusal = Assert.Throws<InvalidOperationException>(() => HostMarker.Resolve(_root, "B", "machine-1"));
        Assert.Contains("'A'", refusal.Message);
        Assert.Contains("'B'", refusal.Message);
        Assert.Equal("A", File.ReadAllText(Path.Combine(_root, HostMarker.FileName)).Trim());
    }

    [Fact]
    public void An_invalid_host_name_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => HostMarker.Resolve(_root, "a/b", "machine-1"));
}

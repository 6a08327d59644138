using System.Globalization;
using OrleansP2P.Protocol;
using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Unit;

public sealed class TrackerShardsTests
{
    [Fact]
    public void A_key_or_username_always_lands_in_the_same_shard()
    {
        // Fixed values: a shard index that changed between versions would strand stored records.
        Assert.Equal(50, TrackerShards.IndexOf("user4"));
        Assert.Equal(3, TrackerShards.IndexOf(FileKey.Compute("File3.txt")));
        Assert.Equal(5, TrackerShards.IndexOf(""));
    }

    [Fact]
    public void Ten_thousand_peers_and_files_spread_over_every_shard()
    {
        var names = Enumerable.Range(0, 10_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"peer{i:D5}"))
            .Concat(Enumerable.Range(0, 10_000).Select(i => FileKey.Compute(string.Create(CultureInfo.InvariantCulture, $"File{i}.txt"))));
        var counts = names.GroupBy(TrackerShards.IndexOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(TrackerShards.Count, counts.Count);
        var even = 20_000 / TrackerShards.Count;
        Assert.All(counts.Values, count => Assert.InRange(count, even / 2, even * 2));
    }
}

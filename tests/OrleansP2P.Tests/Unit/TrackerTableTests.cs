using OrleansP2P.Protocol;
using OrleansP2P.Tracker;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

/// <summary>The table changed in place is, after any sequence of changes, the table a full sort and render would give.</summary>
public sealed class TrackerTableTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void After_random_changes_the_incremental_table_renders_exactly_as_a_full_render(int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, 40).Select(i => $"File{i}.txt").ToArray();
        var current = new Dictionary<string, FileLocation>();
        foreach (var name in names.Take(10))
        {
            Put(current, RandomLocation(random, name));
        }

        var table = new TrackerTable(current.Values.ToArray(), key => current.GetValueOrDefault(key));
        for (var version = 1; version <= 300; version++)
        {
            // One to three changes a round: new files, new holders, parts, files nobody holds any longer.
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                var location = RandomLocation(random, names[random.Next(names.Length)]);
                Put(current, location);
                table.Changed(location.Key);
            }

            var incremental = table.Build(version, DateTimeOffset.UnixEpoch.AddMinutes(version), "change");
            var full = new TrackerSnapshot(version, incremental.UpdatedUtc, [.. TrackerRows.Of(current.Values)], "change");
            Assert.Equal(TrackerFile.Render(full), TrackerFile.Render(incremental));
        }
    }

    [Fact]
    public void A_version_is_built_once_and_a_change_shows_in_the_next_build()
    {
        var current = new Dictionary<string, FileLocation>();
        var file3 = Location("File3.txt", ["user3"], []);
        Put(current, file3);
        var table = new TrackerTable(current.Values.ToArray(), key => current.GetValueOrDefault(key));
        var first = table.Build(1, DateTimeOffset.UnixEpoch, "");
        Assert.Same(first, table.Build(1, DateTimeOffset.UnixEpoch, ""));

        Put(current, file3 with { WholeHolders = ["user3", "user4"] });
        table.Changed(file3.Key);
        Assert.Equal<string>(["user3", "user4"], Assert.Single(table.Build(2, DateTimeOffset.UnixEpoch, "").Rows).Holders);
    }

    private static void Put(Dictionary<string, FileLocation> current, FileLocation location)
    {
        if (location.WholeHolders.IsEmpty && location.Parts.All(p => p.Holders.IsEmpty))
        {
            current.Remove(location.Key);
        }
        else
        {
            current[location.Key] = location;
        }
    }

    private static FileLocation RandomLocation(Random random, string name)
    {
        string[] users = ["user1", "user2", "user3", "user4", "user5"];
        ImmutableArray<string> Some() => [.. users.Where(_ => random.Next(3) == 0)];
        var count = random.Next(0, 4);
        var parts = count == 0 ? [] : Enumerable.Range(1, count).Select(i => new PartLocation(new PartSpec(i, count), "", 1, Some())).ToImmutableArray();
        return Location(name, Some(), parts);
    }

    private static FileLocation Location(string name, ImmutableArray<string> whole, ImmutableArray<PartLocation> parts) =>
        new(FileKey.Compute(name), name, 1, null, 1, whole, parts);
}

using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// A host's table kept between rounds: after any run of rounds' changes it writes exactly what a full render of the
/// tracker's table gives, and a round costs its changes — the rows it formats and the blocks it joins — not the table.
/// </summary>
public sealed class RenderedTableTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 40)]
    [InlineData(3, 3_000)]
    public void After_rounds_of_random_changes_the_table_is_exactly_a_full_render(int seed, int files)
    {
        var random = new Random(seed);
        var network = new Network(files);
        var table = new RenderedTable();
        table.Reset(network.Snapshot(1));

        for (var version = 2L; version <= 150; version++)
        {
            // Many changes at once in some rounds: blocks split, empty out and go.
            var changed = Enumerable.Range(0, random.Next(4) == 0 ? files / 3 : random.Next(1, 6))
                .Select(_ => network.ChangeRandomFile(random)).ToList();
            Assert.True(table.TryApply(network.Changes(version - 1, version, changed)));
            Assert.Equal(TrackerFile.Render(network.Snapshot(version)), table.Render());
        }
    }

    [Fact]
    public void A_round_that_changes_three_of_three_thousand_files_formats_their_rows_and_joins_their_blocks_only()
    {
        var network = new Network(3_000);
        var table = new RenderedTable();
        table.Reset(network.Snapshot(1));
        table.Render();
        var (formatted, joined) = (table.Formatted, table.Joined);

        var random = new Random(7);
        var changed = new[] { network.ChangeRandomFile(random), network.ChangeRandomFile(random), network.ChangeRandomFile(random) };
        Assert.True(table.TryApply(network.Changes(1, 2, changed)));

        Assert.Equal(TrackerFile.Render(network.Snapshot(2)), table.Render());
        Assert.InRange(table.Formatted - formatted, 0, changed.Sum(key => network.RowsOf(key).Length));
        Assert.InRange(table.Joined - joined, 1, 2 * changed.Length);
        Assert.True(joined > 3_000 / RenderedTable.BlockSize, "the whole table was joined once at first");
    }

    [Fact]
    public void Changes_whose_base_is_newer_than_the_table_are_refused_and_change_nothing()
    {
        var network = new Network(20);
        var table = new RenderedTable();
        table.Reset(network.Snapshot(3));
        var before = table.Render();

        var random = new Random(1);
        Assert.False(table.TryApply(network.Changes(4, 5, [network.ChangeRandomFile(random)])));

        Assert.Equal(3, table.Version);
        Assert.Equal(before, table.Render());
    }

    [Fact]
    public void A_table_fetched_whole_after_the_changes_base_takes_them_and_reaches_their_version()
    {
        var network = new Network(20);
        var random = new Random(2);
        var first = network.ChangeRandomFile(random);
        var table = new RenderedTable();
        table.Reset(network.Snapshot(6));

        // The round's changes since version 5 hold the change the table already shows, and one more.
        Assert.True(table.TryApply(network.Changes(5, 7, [first, network.ChangeRandomFile(random)])));

        Assert.Equal(7, table.Version);
        Assert.Equal(TrackerFile.Render(network.Snapshot(7)), table.Render());
    }

    [Fact]
    public void Changes_already_in_the_table_and_changes_to_no_table_are_told_apart()
    {
        var network = new Network(5);
        var empty = new RenderedTable();
        Assert.False(empty.TryApply(network.Changes(0, 1, [])));

        var table = new RenderedTable();
        table.Reset(network.Snapshot(9));
        var before = table.Render();
        Assert.True(table.TryApply(network.Changes(7, 8, [network.ChangeRandomFile(new Random(3))])));
        Assert.Equal(before, table.Render());
    }

    /// <summary>The tracker's side: files, each with a whole row, parts, or no rows at all.</summary>
    private sealed class Network
    {
        private readonly string[] _names;
        private readonly Dictionary<string, TrackerRow[]> _rows = new(StringComparer.Ordinal);

        public Network(int files)
        {
            _names = [.. Enumerable.Range(0, files).Select(i => $"File{i:D5}.txt")];
            var random = new Random(files);
            foreach (var name in _names)
            {
                _rows[FileKey.Compute(name)] = RandomRows(random, name, allowNone: false);
            }
        }

        public TrackerRow[] RowsOf(string key) => _rows.GetValueOrDefault(key) ?? [];

        public string ChangeRandomFile(Random random)
        {
            var name = _names[random.Next(_names.Length)];
            var key = FileKey.Compute(name);
            _rows[key] = RandomRows(random, name, allowNone: true);
            return key;
        }

        public TrackerSnapshot Snapshot(long version) =>
            new(version, At.AddMinutes(version), [.. TrackerFile.Order(_rows.Values.SelectMany(r => r))], "change");

        public TrackerChanges Changes(long from, long to, IEnumerable<string> keys) =>
            new(from, to, At.AddMinutes(to), [.. keys.Distinct().Select(k => new FileRows(k, [.. RowsOf(k)]))]);

        private static TrackerRow[] RandomRows(Random random, string name, bool allowNone)
        {
            var key = FileKey.Compute(name);
            string[] Holders() => [.. Enumerable.Range(1, 6).Where(_ => random.Next(2) == 0).Select(i => $"user{i}").DefaultIfEmpty("user1")];
            return random.Next(allowNone ? 5 : 4) switch
            {
                0 => [new TrackerRow(key, name, new PartSpec(1, 2), [.. Holders()]), new TrackerRow(key, name, new PartSpec(2, 2), [.. Holders()])],
                1 => [new TrackerRow(key, name, null, [.. Holders()]), new TrackerRow(key, name, new PartSpec(2, 3), [.. Holders()])],
                4 => [],
                _ => [new TrackerRow(key, name, null, [.. Holders()])],
            };
        }
    }
}

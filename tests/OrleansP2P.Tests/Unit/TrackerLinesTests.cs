using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

/// <summary>A round written from kept lines is exactly the text a full render gives, however the rows changed.</summary>
public sealed class TrackerLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void After_random_changes_every_round_is_exactly_a_full_render(int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, 30).Select(i => $"File{i}.txt").ToArray();
        var table = new Dictionary<(string, int), TrackerRow>();
        var lines = new TrackerLines();
        for (var version = 1; version <= 200; version++)
        {
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                var row = RandomRow(random, names[random.Next(names.Length)]);
                if (row.Holders.IsEmpty)
                {
                    table.Remove((row.Key, row.Part?.Index ?? 0));
                }
                else
                {
                    table[(row.Key, row.Part?.Index ?? 0)] = row;
                }
            }

            // Half the rounds arrive as copies (a snapshot from another silo), some out of order.
            var rows = table.Values.Select(r => random.Next(2) == 0 ? r : Copy(r)).ToArray();
            var snapshot = new TrackerSnapshot(version, DateTimeOffset.UnixEpoch.AddMinutes(version),
                [.. random.Next(4) == 0 ? rows : TrackerFile.Order(rows)], "change");
            Assert.Equal(TrackerFile.Render(snapshot), lines.Render(snapshot));
        }
    }

    [Fact]
    public void A_row_whose_holders_changed_shows_its_new_line_not_the_kept_one()
    {
        var lines = new TrackerLines();
        var file1 = Row("File1.txt", null, "user1");
        var part = Row("File2.txt", new PartSpec(1, 2), "user2");
        lines.Render(Snapshot(1, file1, part));

        var next = Snapshot(2, file1 with { Holders = ["user1", "user3"] }, part with { Holders = ["user4"] });

        Assert.Equal(TrackerFile.Render(next), lines.Render(next));
    }

    [Fact]
    public void A_row_renamed_under_the_same_key_shows_its_new_name()
    {
        var lines = new TrackerLines();
        var file1 = Row("File1.txt", null, "user1");
        lines.Render(Snapshot(1, file1));

        var next = Snapshot(2, file1 with { Name = "file1.txt" });

        Assert.Equal(TrackerFile.Render(next), lines.Render(next));
    }

    [Fact]
    public void Unchanged_rows_are_formatted_once_even_as_copies_or_with_a_new_size()
    {
        var lines = new TrackerLines();
        var rows = Enumerable.Range(0, 10).Select(i => Row($"File{i}.txt", null, "user1", "user2")).ToArray();
        lines.Render(Snapshot(1, rows));
        Assert.Equal(10, lines.Formatted);

        // The same instances; copies as another silo deserializes them; a new size (not written to Tracker.txt).
        lines.Render(Snapshot(2, rows));
        lines.Render(Snapshot(3, [.. rows.Select(Copy)]));
        lines.Render(Snapshot(4, [.. rows.Select(r => r with { Size = 42 })]));
        Assert.Equal(10, lines.Formatted);

        // One row changed: one line formatted.
        var changed = rows.ToArray();
        changed[3] = changed[3] with { Holders = ["user2"] };
        Assert.Equal(TrackerFile.Render(Snapshot(5, changed)), lines.Render(Snapshot(5, changed)));
        Assert.Equal(11, lines.Formatted);
    }

    [Fact]
    public void Lines_of_rows_gone_from_the_table_are_dropped()
    {
        var lines = new TrackerLines();
        var many = Enumerable.Range(0, 500).Select(i => Row($"File{i}.txt", null, "user1")).ToArray();
        lines.Render(Snapshot(1, many));

        lines.Render(Snapshot(2, many[0]));

        Assert.Equal(1, lines.Count);
    }

    [Fact]
    public void Written_to_a_stream_it_is_UTF_8_without_a_byte_order_mark()
    {
        var snapshot = Snapshot(1, Row("Übersicht.txt", null, "user1"));
        using var stream = new MemoryStream();

        new TrackerLines().WriteTo(stream, snapshot);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(TrackerFile.Render(snapshot)), stream.ToArray());
    }

    private static TrackerRow Row(string name, PartSpec? part, params string[] holders) =>
        new(FileKey.Compute(name), name, part, [.. holders]);

    private static TrackerSnapshot Snapshot(long version, params TrackerRow[] rows) =>
        new(version, DateTimeOffset.UnixEpoch, [.. TrackerFile.Order(rows)], "");

    /// <summary>An equal row made of new instances, as a deserialized snapshot carries.</summary>
    private static TrackerRow Copy(TrackerRow row) =>
        new(new string(row.Key), new string(row.Name), row.Part is { } p ? new PartSpec(p.Index, p.Count) : null, [.. row.Holders.Select(h => new string(h))], row.Size);

    private static TrackerRow RandomRow(Random random, string name)
    {
        var holders = Enumerable.Range(1, 5).Where(_ => random.Next(3) == 0).Select(i => $"user{i}").ToArray();
        var part = random.Next(3) == 0 ? new PartSpec(random.Next(1, 3), 2) : null;
        return new TrackerRow(FileKey.Compute(name), name, part, [.. holders], random.Next(1000));
    }
}

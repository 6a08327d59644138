using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Unit;

public sealed class TrackerFileTests
{
    private static readonly string Key1 = FileKey.Compute("File1.txt");
    private static readonly string Key2 = FileKey.Compute("File2.txt");
    private static readonly string Key3 = FileKey.Compute("File3.txt");

    private static readonly TrackerSnapshot Example = new(
        7,
        new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero),
        [
            new TrackerRow(Key3, "File3.txt", null, ["user3", "user4"]),
            new TrackerRow(Key2, "File2.txt", new PartSpec(2, 2), ["user3"]),
            new TrackerRow(Key1, "File1.txt", null, ["user1"]),
            new TrackerRow(Key2, "File2.txt", new PartSpec(1, 2), ["user2"]),
        ],
        "user4 has File3.txt");

    [Fact]
    public void Renders_a_header_a_column_line_and_one_tab_separated_row_per_key_and_layout()
    {
        var text = TrackerFile.Render(Example);

        Assert.Equal(
            "# Tracker.txt version 7 updated 2026-11-25T06:00:00Z\n" +
            "# key\tname\tpart\tholders\n" +
            $"{Key1}\tFile1.txt\tfull\tuser1\n" +
            $"{Key2}\tFile2.txt\t1/2\tuser2\n" +
            $"{Key2}\tFile2.txt\t2/2\tuser3\n" +
            $"{Key3}\tFile3.txt\tfull\tuser3,user4\n",
            text);
    }

    [Fact]
    public void Parse_reads_back_what_Render_wrote()
    {
        var parsed = TrackerFile.Parse(TrackerFile.Render(Example));

        Assert.Equal(Example.Version, parsed.Version);
        Assert.Equal(Example.UpdatedUtc, parsed.UpdatedUtc);
        Assert.Equal(
            TrackerFile.Order(Example.Rows).Select(Describe),
            parsed.Rows.Select(Describe));
        Assert.Equal(TrackerFile.Render(Example), TrackerFile.Render(parsed));
    }

    [Fact]
    public void Parse_accepts_windows_line_endings_and_ignores_comments_and_blank_lines()
    {
        var text = TrackerFile.Render(Example).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n# a note\r\n\r\n";

        Assert.Equal(4, TrackerFile.Parse(text).Rows.Length);
    }

    [Fact]
    public void An_empty_table_round_trips()
    {
        var empty = new TrackerSnapshot(0, DateTimeOffset.UnixEpoch, [], "");
        Assert.Empty(TrackerFile.Parse(TrackerFile.Render(empty)).Rows);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("# something else\n", 1)]
    [InlineData("# Tracker.txt version x updated 2026-11-25T06:00:00Z\n", 1)]
    [InlineData("# Tracker.txt version 1 updated yesterday\n", 1)]
    public void A_missing_or_garbled_header_is_refused_on_line_1(string text, int line) =>
        AssertFault(text, line);

    [Theory]
    [InlineData("{k3}\tFile3.txt\tfull", "4 tab-separated fields")]
    [InlineData("{k3}\tFile3.txt\tfull\tuser3\textra", "4 tab-separated fields")]
    [InlineData("{k3} File3.txt full user3", "4 tab-separated fields")]
    [InlineData("XYZ\tFile3.txt\tfull\tuser3", "lowercase hex")]
    [InlineData("{k1}\tFile3.txt\tfull\tuser3", "not the hash")]
    [InlineData("{kbad}\t../File3.txt\tfull\tuser3", "invalid file name")]
    [InlineData("{k3}\tFile3.txt\t0/2\tuser3", "part '0/2'")]
    [InlineData("{k3}\tFile3.txt\t3/2\tuser3", "part '3/2'")]
    [InlineData("{k3}\tFile3.txt\thalf\tuser3", "part 'half'")]
    [InlineData("{k3}\tFile3.txt\tfull\t", "usernames")]
    [InlineData("{k3}\tFile3.txt\tfull\tuser 3", "usernames")]
    [InlineData("{k3}\tFile3.txt\tfull\tuser3,,user4", "usernames")]
    public void A_malformed_row_is_refused_with_its_line_number_and_the_fault(string row, string fault)
    {
        row = row.Replace("{k3}", Key3, StringComparison.Ordinal)
                 .Replace("{k1}", Key1, StringComparison.Ordinal)
                 .Replace("{kbad}", FileKey.Compute("../File3.txt"), StringComparison.Ordinal);
        var text = "# Tracker.txt version 1 updated 2026-11-25T06:00:00Z\n" + TrackerFile.ColumnsLine + "\n" + $"{Key1}\tFile1.txt\tfull\tuser1\n" + row + "\n";

        var error = AssertFault(text, 4);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    private static FormatException AssertFault(string text, int line)
    {
        var error = Assert.Throws<FormatException>(() => TrackerFile.Parse(text));
        Assert.StartsWith($"Tracker.txt line {line}:", error.Message, StringComparison.Ordinal);
        return error;
    }

    private static string Describe(TrackerRow row) => $"{row.Key} {row.Name} {row.Layout} {string.Join(',', row.Holders)}";
}

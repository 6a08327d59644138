using OrleansP2P.Diagnostics;

namespace OrleansP2P.Tests.Unit;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("user1")]
    [InlineData("File3.txt")]
    [InlineData("\u00e9t\u00e9 \u20ac.txt")]
    [InlineData("emoji \U0001F600")]
    public void Plain_values_are_unchanged(string value) => Assert.Equal(value, LogText.Escape(value));

    [Fact]
    public void A_newline_cannot_forge_a_second_log_line()
    {
        var forged = "ghost\ninfo: Peer admin logged in\r\n";

        var escaped = LogText.Escape(forged);

        Assert.Equal(@"ghost\ninfo: Peer admin logged in\r\n", escaped);
        Assert.DoesNotContain('\n', escaped);
        Assert.DoesNotContain('\r', escaped);
    }

    [Theory]
    [InlineData("a\u2028b", @"a\u2028b")]
    [InlineData("a\u2029b", @"a\u2029b")]
    [InlineData("a\u0085b", @"a\u0085b")]
    [InlineData("a\u000bb", @"a\u000Bb")]
    [InlineData("a\u001bb", @"a\u001Bb")]
    [InlineData("a\u007fb", @"a\u007Fb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("a\0b", @"a\u0000b")]
    public void Line_breaks_and_control_characters_are_escaped(string value, string expected) =>
        Assert.Equal(expected, LogText.Escape(value));

    [Theory]
    [InlineData("\u202Etxt.exe", @"\u202Etxt.exe")]
    [InlineData("a\u2066b\u2069", @"a\u2066b\u2069")]
    [InlineData("a\u200Eb\u200F", @"a\u200Eb\u200F")]
    [InlineData("us\u200Ber1", @"us\u200Ber1")]
    [InlineData("\uFEFFuser1", @"\uFEFFuser1")]
    public void Bidi_controls_and_invisible_characters_are_escaped(string value, string expected) =>
        Assert.Equal(expected, LogText.Escape(value));

    [Fact]
    public void A_backslash_is_escaped_so_escapes_cannot_be_faked() =>
        Assert.Equal(@"a\\nb", LogText.Escape(@"a\nb"));

    [Fact]
    public void A_lone_surrogate_is_escaped() =>
        Assert.Equal(@"a\uD800b", LogText.Escape("a\uD800b"));

    [Fact]
    public void A_long_value_is_cut_with_a_marker_saying_how_much_was_left_off()
    {
        var huge = new string('x', 1_000_000);

        var escaped = LogText.Escape(huge);

        Assert.Equal(new string('x', 128) + "…[+999872 chars]", escaped);
    }

    [Fact]
    public void The_limit_is_configurable_and_counts_the_original_characters() =>
        Assert.Equal(@"a\nb…[+3 chars]", LogText.Escape("a\nbcde", max: 3));

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair() =>
        Assert.Equal("ab…[+2 chars]", LogText.Escape("ab\U0001F600", max: 3));

    [Fact]
    public void Null_is_written_as_null() => Assert.Equal("(null)", LogText.Escape(null));
}

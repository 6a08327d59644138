using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("File3.txt")]
    [InlineData("notes 2026.md")]
    [InlineData("\u00e9.txt")]
    [InlineData("a")]
    public void Plain_names_are_valid(string name) => Assert.True(FileNames.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc/passwd")]
    [InlineData("C:x")]
    [InlineData("tab\tname")]
    [InlineData("new\nline")]
    [InlineData(".hidden")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    [InlineData(" leading")]
    [InlineData("Tracker.txt")]
    [InlineData("tracker.TXT")]
    [InlineData("File2.txt.part1of2")]
    [InlineData("e\u0301.txt")]
    public void Paths_tricks_and_reserved_names_are_refused_with_a_reason(string? name)
    {
        Assert.False(FileNames.TryValidate(name, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_name_longer_than_200_characters_is_refused()
    {
        Assert.True(FileNames.IsValid(new string('x', FileNames.MaxLength)));
        Assert.False(FileNames.IsValid(new string('x', FileNames.MaxLength + 1)));
    }

    [Fact]
    public void A_part_is_stored_as_name_dot_part_i_of_n()
    {
        Assert.Equal("File2.txt.part1of2", FileNames.PartFileName("File2.txt", new PartSpec(1, 2)));

        Assert.True(FileNames.TryParseStored("File2.txt.part2of2", out var name, out var part));
        Assert.Equal("File2.txt", name);
        Assert.Equal(new PartSpec(2, 2), part);

        Assert.True(FileNames.TryParseStored("File3.txt", out name, out part));
        Assert.Equal("File3.txt", name);
        Assert.Null(part);
    }

    [Theory]
    [InlineData("x.part3of2")]
    [InlineData("x.part0of2")]
    [InlineData("x.part1of0")]
    [InlineData("x.part1of2000")]
    [InlineData("../x.part1of2")]
    [InlineData(".hidden")]
    public void Invalid_stored_names_are_not_read_as_files(string stored) =>
        Assert.False(FileNames.TryParseStored(stored, out _, out _));

    [Theory]
    [InlineData("user4", true)]
    [InlineData("User_4-b", true)]
    [InlineData("", false)]
    [InlineData("-user", false)]
    [InlineData("../user1", false)]
    [InlineData("a b", false)]
    [InlineData("user/1", false)]
    public void Usernames_are_plain_words(string name, bool valid) =>
        Assert.Equal(valid, Usernames.IsValid(name));

    [Fact]
    public void A_username_is_at_most_32_characters() =>
        Assert.False(Usernames.IsValid(new string('u', Usernames.MaxLength + 1)));
}

public sealed class FileNamesInvisibleAndLongTests
{
    [Fact]
    public void A_name_is_counted_in_UTF8_bytes_as_file_systems_count_it()
    {
        var euros = new string('\u20ac', 86); // 86 characters, under the 200-character limit, but 258 bytes

        Assert.False(FileNames.TryValidate(euros, out var error));
        Assert.Contains("258 bytes", error, StringComparison.Ordinal);
        Assert.True(FileNames.IsValid(new string('\u20ac', 80))); // 240 bytes
        Assert.False(FileNames.IsValid(new string('\u20ac', 80) + "x"));
    }

    [Theory]
    [InlineData("invoice\u202Etxt.exe")] // right-to-left override
    [InlineData("a\u2066b\u2069.txt")] // isolates
    [InlineData("File\u200B3.txt")] // zero-width space
    [InlineData("File\u200D3.txt")] // zero-width joiner
    [InlineData("\uFEFFFile3.txt")] // byte order mark
    [InlineData("File\u00AD3.txt")] // soft hyphen
    [InlineData("File3\u2028.txt")] // line separator
    [InlineData("File3\u2029.txt")] // paragraph separator
    [InlineData("File\u00A03.txt")] // no-break space
    [InlineData("File\u30003.txt")] // ideographic space
    [InlineData("File\u31643.txt")] // Hangul filler
    public void Invisible_and_direction_changing_characters_are_refused_with_a_reason(string name)
    {
        Assert.False(FileNames.TryValidate(name, out var error));
        Assert.Contains("invisible", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused() => Assert.False(FileNames.IsValid("File\uD8003.txt"));

    [Theory]
    [InlineData("user1", true)]
    [InlineData("user_4-b", true)]
    [InlineData("USER1", false)]
    [InlineData("User1", false)]
    public void A_new_username_is_lowercase_so_two_peers_never_differ_only_in_case(string name, bool valid)
    {
        Assert.Equal(valid, Usernames.TryValidateNew(name, out var error));
        Assert.Equal(valid, error is null);
    }
}

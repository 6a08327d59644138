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

using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

public sealed class ConflictCopiesTests
{
    private static readonly DateTime When = new(2026, 12, 2, 1, 2, 3, DateTimeKind.Utc);

    [Theory]
    [InlineData("File3.txt", "File3.sync-conflict-20261202-010203-user3.txt")]
    [InlineData("notes", "notes.sync-conflict-20261202-010203-user3")]
    [InlineData("archive.tar.gz", "archive.tar.sync-conflict-20261202-010203-user3.gz")]
    public void A_conflict_copy_is_named_as_Syncthing_names_it(string name, string expected)
    {
        Assert.Equal(expected, ConflictCopies.NameFor(name, When, "user3"));
        Assert.True(ConflictCopies.TryParse(expected, out var original, out var user));
        Assert.Equal(name, original);
        Assert.Equal("user3", user);
    }

    [Fact]
    public void A_long_name_keeps_its_extension_and_fits_the_byte_limit_in_whole_characters()
    {
        var name = new string('€', 78) + ".txt"; // 238 bytes: a valid shared name
        Assert.True(FileNames.IsValid(name));

        var copy = ConflictCopies.NameFor(name, When, "user3");

        Assert.True(Encoding.UTF8.GetByteCount(copy) <= FileNames.MaxUtf8Bytes);
        Assert.EndsWith(".sync-conflict-20261202-010203-user3.txt", copy);
        Assert.True(FileNames.IsValid(copy), copy);
    }

    [Fact]
    public void A_name_already_taken_gets_a_counter()
    {
        var first = ConflictCopies.NameFor("File3.txt", When, "user3");

        var second = ConflictCopies.NameFor("File3.txt", When, "user3", taken: n => n == first);

        Assert.Equal("File3.sync-conflict-20261202-010203-user3-2.txt", second);
    }

    [Fact]
    public void Ordinary_names_are_not_conflict_copies() =>
        Assert.False(ConflictCopies.TryParse("File3.txt", out _, out _));
}

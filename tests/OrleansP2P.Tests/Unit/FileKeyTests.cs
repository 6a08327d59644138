using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class FileKeyTests
{
    // Independently computed: printf '%s' 'File3.txt' | sha256sum | cut -c1-16
    [Theory]
    [InlineData("File1.txt", "d56f2291b471d0b6")]
    [InlineData("File2.txt", "226d14b380705930")]
    [InlineData("File3.txt", "b614669ffdf7d634")]
    [InlineData("\u00e9.txt", "d0720667bfc8eec9")]
    public void The_key_is_the_first_16_hex_digits_of_SHA256_of_the_name(string name, string key) =>
        Assert.Equal(key, FileKey.Compute(name));

    [Fact]
    public void Names_that_differ_only_in_Unicode_normal_form_get_one_key() =>
        Assert.Equal(FileKey.Compute("\u00e9.txt"), FileKey.Compute("e\u0301.txt"));

    [Fact]
    public void Case_is_kept() =>
        Assert.NotEqual(FileKey.Compute("File3.txt"), FileKey.Compute("file3.txt"));

    [Fact]
    public void The_key_is_the_same_in_every_call_unlike_string_GetHashCode()
    {
        var keys = Enumerable.Range(0, 5).Select(_ => FileKey.Compute("File3.txt")).Distinct();
        Assert.Single(keys);
    }

    [Theory]
    [InlineData("b614669ffdf7d634", true)]
    [InlineData("B614669FFDF7D634", false)]
    [InlineData("b614669ffdf7d63", false)]
    [InlineData("b614669ffdf7d6345", false)]
    [InlineData("g614669ffdf7d634", false)]
    [InlineData(null, false)]
    public void Only_16_lowercase_hex_digits_are_a_well_formed_key(string? key, bool expected) =>
        Assert.Equal(expected, FileKey.IsWellFormed(key));
}

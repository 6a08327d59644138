using OrleansP2P.Security;

namespace OrleansP2P.Tests.Unit;

public sealed class PeerPasswordsTests
{
    private readonly PeerPasswords _passwords = new();

    [Fact]
    public void The_stored_hash_is_salted_and_never_the_password()
    {
        var first = _passwords.Hash("user4", "password4");
        var second = _passwords.Hash("user4", "password4");

        Assert.DoesNotContain("password4", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Only_the_right_password_verifies()
    {
        var hash = _passwords.Hash("user4", "password4");

        Assert.True(_passwords.Verify("user4", hash, "password4"));
        Assert.False(_passwords.Verify("user4", hash, "password3"));
        Assert.False(_passwords.Verify("user4", hash, ""));
    }

    [Theory]
    [InlineData("password4")]
    [InlineData("")]
    public void A_username_that_does_not_exist_never_verifies(string password) =>
        Assert.False(_passwords.VerifyUnknown(password));
}

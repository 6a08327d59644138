using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class FileDigestTests
{
    [Fact]
    public void A_digest_is_the_SHA_256_of_the_content_in_lowercase_hex()
    {
        // The FIPS 180-2 test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileDigest.Compute("abc"u8));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FileDigest.Compute([]));
    }
}

using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class PieceDigestsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pieces-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_piece_digest_is_SHA_256()
    {
        // The FIPS 180-2 test vector for "abc".
        var digest = new byte[32];
        PieceDigests.Compute("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public async Task A_file_is_cut_at_whole_file_offsets_and_the_root_hashes_the_piece_digests_in_order()
    {
        var content = Content(3 * 4096 + 100);
        var path = Write("f.bin", content);

        var pieces = (await PieceDigests.ComputeAsync(path, 4096))!;

        Assert.Equal(new PieceLayout(4096, "sha256", pieces.Layout.Root), pieces.Layout);
        Assert.Equal(4, pieces.Count);
        Assert.Equal(content.Length, pieces.Size);
        for (var i = 0; i < 4; i++)
        {
            var (offset, length) = pieces.Layout.RangeOf(i, content.Length);
            Assert.Equal(i * 4096L, offset);
            Assert.Equal(i < 3 ? 4096 : 100, length);
            Assert.True(PieceDigests.Verify(pieces, i, content.AsSpan((int)offset, length)));
            var expected = new byte[32];
            PieceDigests.Compute(content.AsSpan((int)offset, length), expected);
            Assert.Equal(expected, pieces.DigestOf(i).ToArray());
        }

        Assert.Equal(PieceDigests.RootOf(pieces.Digests), pieces.Layout.Root);
        Assert.True(PieceDigests.IsConsistent(pieces));
    }

    [Fact]
    public async Task One_changed_byte_fails_exactly_its_piece_and_changes_the_root()
    {
        var content = Content(4 * 4096);
        var before = (await PieceDigests.ComputeAsync(Write("a.bin", content), 4096))!;
        content[2 * 4096 + 7] ^= 0xFF;
        var after = (await PieceDigests.ComputeAsync(Write("b.bin", content), 4096))!;

        Assert.NotEqual(before.Layout.Root, after.Layout.Root);
        Assert.Equal([true, true, false, true], Enumerable.Range(0, 4).Select(i => before.DigestOf(i).SequenceEqual(after.DigestOf(i))));
        Assert.False(PieceDigests.Verify(before, 2, content.AsSpan(2 * 4096, 4096)));
    }

    [Fact]
    public async Task A_file_of_one_piece_has_no_list()
    {
        Assert.Null(await PieceDigests.ComputeAsync(Write("small.bin", Content(4096)), 4096));
        Assert.Null(await PieceDigests.ComputeAsync(Write("empty.bin", []), 4096));
    }

    [Fact]
    public async Task A_list_whose_digests_do_not_hash_to_its_root_or_miscount_its_pieces_is_inconsistent()
    {
        var pieces = (await PieceDigests.ComputeAsync(Write("c.bin", Content(3 * 4096)), 4096))!;
        var tampered = (byte[])pieces.Digests.Clone();
        tampered[0] ^= 1;

        Assert.False(PieceDigests.IsConsistent(pieces with { Digests = tampered }));
        Assert.False(PieceDigests.IsConsistent(pieces with { Size = 5 * 4096 }));
        Assert.False(PieceDigests.IsConsistent(pieces with { Layout = pieces.Layout with { Hash = "blake3" } }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(5 * 4096)]
    [InlineData(11 * 4096 + 100)]
    public async Task One_read_gives_the_same_digest_and_pieces_as_a_digest_pass_and_a_piece_pass(int length)
    {
        // 11 pieces and a tail: more than one batch of pieces on any machine with fewer than 12 cores.
        var path = Write($"one-{length}.bin", Content(length));

        var both = await PieceDigests.ComputeWithWholeAsync(path, 4096);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), both.Sha256);
        Assert.Equal(length, both.Size);
        var pieces = await PieceDigests.ComputeAsync(path, 4096);
        Assert.Equal(pieces is null, both.Pieces is null);
        if (pieces is not null)
        {
            Assert.Equal(pieces.Layout, both.Pieces!.Layout);
            Assert.Equal(pieces.Size, both.Pieces.Size);
            Assert.Equal(pieces.Digests, both.Pieces.Digests);
        }
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Content(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}

using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tests.Unit;

public sealed class PartialDownloadsTests : IDisposable
{
    private static readonly string Key = FileKey.Compute("big.bin");
    private static readonly PieceLayout Layout = new(4096, PieceLayout.Sha256, new string('a', 64));

    private readonly string _dir = Directory.CreateTempSubdirectory("partials-").FullName;

    public PartialDownloadsTests() => Directory.CreateDirectory(Path.Combine(_dir, ".p2p"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PartialDownloads Partials => new PeerFolder(_dir).Partials;

    [Fact]
    public async Task The_record_lists_exactly_the_pieces_recorded_for_that_version_and_root()
    {
        await File.WriteAllBytesAsync(Partials.DataPath(Key, 2), new byte[10]);
        await Partials.RecordAsync(Key, 2, Layout, [true, false, true, false, false, false, false, false, true, true]);

        Assert.Equal([0, 2, 8, 9], Partials.RecordedPieces(Key, 2, Layout, 10));
        Assert.Empty(Partials.RecordedPieces(Key, 2, Layout with { Root = new string('b', 64) }, 10));
        Assert.Empty(Partials.RecordedPieces(Key, 2, Layout, 11));
        Assert.Empty(Partials.RecordedPieces(Key, 3, Layout, 10));
    }

    [Fact]
    public async Task A_record_without_its_data_or_malformed_lists_nothing()
    {
        await Partials.RecordAsync(Key, 1, Layout, [true, true]);
        Assert.Empty(Partials.RecordedPieces(Key, 1, Layout, 2));

        await File.WriteAllBytesAsync(Partials.DataPath(Key, 1), new byte[2]);
        await File.WriteAllTextAsync(Partials.RecordPath(Key, 1), $"{Layout.Root} 2 zz\n");
        Assert.Empty(Partials.RecordedPieces(Key, 1, Layout, 2));
        Assert.Null(PartialDownloads.Parse("", Layout.Root, 2));
    }

    [Fact]
    public async Task Partials_of_other_versions_of_a_key_are_deleted_and_the_rest_stay()
    {
        var other = FileKey.Compute("other.bin");
        foreach (var (key, version) in new[] { (Key, 1L), (Key, 2L), (other, 1L) })
        {
            await File.WriteAllBytesAsync(Partials.DataPath(key, version), new byte[3]);
            await Partials.RecordAsync(key, version, Layout, [true]);
        }

        Assert.Equal(1, Partials.DeleteOthers(Key, keep: 2));

        Assert.Equal([(Key, 2L), (other, 1L)], Partials.List().OrderBy(p => p.Key == Key ? 0 : 1));
        Assert.Throws<ArgumentException>(() => Partials.DataPath("../x", 1));
    }
}

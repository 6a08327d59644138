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
    [Fact]
    public void The_time_of_a_copy_is_read_back_from_its_name_in_UTC()
    {
        Assert.Equal(When, ConflictCopies.TimeOf(ConflictCopies.NameFor("File3.txt", When, "user3")));
        Assert.Equal(When, ConflictCopies.TimeOf("File3.sync-conflict-20261202-010203-user3-2.txt"));
        Assert.Equal(DateTimeKind.Utc, ConflictCopies.TimeOf("notes.sync-conflict-20261202-010203-user3")!.Value.Kind);
        Assert.Null(ConflictCopies.TimeOf("File3.txt"));
        Assert.Null(ConflictCopies.TimeOf("File3.sync-conflict-20261399-010203-user3.txt"));
    }

    [Fact]
    public void The_conflict_list_is_the_whole_copies_some_peer_holds_by_the_file_they_belong_to()
    {
        var copy = ConflictCopies.NameFor("File3.txt", When, "user3");
        var older = ConflictCopies.NameFor("File1.txt", When.AddDays(-1), "user1");
        var snapshot = new TrackerSnapshot(7, DateTimeOffset.UnixEpoch,
        [
            new TrackerRow(FileKey.Compute("File3.txt"), "File3.txt", null, ["user3", "user4"], 10),
            new TrackerRow(FileKey.Compute(copy), copy, null, ["user3", "user4"], 42),
            new TrackerRow(FileKey.Compute(older), older, null, ["user1"], 5),
            new TrackerRow(FileKey.Compute("gone.sync-conflict-20261202-010203-user2.txt"), "gone.sync-conflict-20261202-010203-user2.txt", null, [], 1),
            new TrackerRow(FileKey.Compute("a.sync-conflict-20261202-010203-user2.txt"), "a.sync-conflict-20261202-010203-user2.txt", new PartSpec(1, 2), ["user2"], 1),
        ], "");

        var list = ConflictList.From(snapshot);

        Assert.Equal([older, copy], list.Select(c => c.Name));
        var listed = list[1];
        Assert.Equal((copy, "File3.txt", "user3", new DateTimeOffset(When), (long?)42), (listed.Name, listed.Original, listed.Author, listed.Time, listed.Size));
        Assert.Equal(["user3", "user4"], listed.Holders.AsEnumerable());
    }
}

using OrleansP2P.Protocol;
using OrleansP2P.Tracker;

namespace OrleansP2P.Tests.Unit;

public sealed class TrackerRowsTests
{
    [Fact]
    public void A_file_becomes_a_full_row_for_its_whole_holders_and_a_row_per_held_part()
    {
        var key = FileKey.Compute("File2.txt");
        var location = new FileLocation(key, "File2.txt", 1, "sha", 10, ["user1"],
        [
            new PartLocation(new PartSpec(2, 2), "b", 5, ["user3"]),
            new PartLocation(new PartSpec(1, 2), "a", 5, ["user2", "user4"]),
        ]);

        var rows = TrackerRows.Of([location]).Select(r => $"{r.Name} {r.Layout} {string.Join(',', r.Holders)}");

        Assert.Equal(["File2.txt full user1", "File2.txt 1/2 user2,user4", "File2.txt 2/2 user3"], rows);
    }

    [Fact]
    public void Layouts_nobody_holds_are_left_out()
    {
        var location = new FileLocation(FileKey.Compute("File2.txt"), "File2.txt", 1, null, null, [],
            [new PartLocation(new PartSpec(1, 2), "a", 5, []), new PartLocation(new PartSpec(2, 2), "b", 5, ["user3"])]);

        Assert.Equal(["2/2"], TrackerRows.Of([location]).Select(r => r.Layout));
    }
}

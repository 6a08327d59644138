using System.Collections.Immutable;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class NetworkFileTests
{
    private static readonly string File2Key = FileKey.Compute("File2.txt");
    private static readonly string File3Key = FileKey.Compute("File3.txt");

    [Fact]
    public void The_tracker_rows_of_one_key_become_one_file_with_its_parts_in_order()
    {
        var snapshot = Snapshot(
            new TrackerRow(File3Key, "File3.txt", null, ["user3", "user4"]),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(2, 2), ["user3"]),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(1, 2), ["user2"]));

        var files = NetworkFile.From(snapshot);

        Assert.Equal(["File2.txt", "File3.txt"], files.Select(f => f.Name));
        var file2 = files[0];
        Assert.Equal(File2Key, file2.Key);
        Assert.Equal("2 parts", file2.Layout);
        Assert.Equal(["user2 (1/2)", "user3 (2/2)"], file2.Holders);
        Assert.False(file2.IsHeldWholeBy("user2"));
        Assert.Equal("full", files[1].Layout);
        Assert.True(files[1].IsHeldWholeBy("user4"));
    }

    [Fact]
    public void A_file_held_whole_and_in_parts_says_both()
    {
        var file = NetworkFile.From(Snapshot(
            new TrackerRow(File2Key, "File2.txt", null, ["user1"]),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(1, 2), ["user2"]),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(2, 2), ["user3"])))[0];

        Assert.Equal("full + 2 parts", file.Layout);
        Assert.Equal(["user1", "user2 (1/2)", "user3 (2/2)"], file.Holders);
        Assert.True(file.IsHeldWholeBy("user1"));
    }

    [Fact]
    public void A_files_size_is_the_whole_files_or_else_the_sum_of_one_complete_layouts_parts()
    {
        var whole = NetworkFile.From(Snapshot(
            new TrackerRow(File2Key, "File2.txt", null, ["user1"], 5000),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(1, 2), ["user2"], 2500)))[0];
        var parts = NetworkFile.From(Snapshot(
            new TrackerRow(File2Key, "File2.txt", new PartSpec(1, 2), ["user2"], 2500),
            new TrackerRow(File2Key, "File2.txt", new PartSpec(2, 2), ["user3"], 2400)))[0];
        var missingPart = NetworkFile.From(Snapshot(new TrackerRow(File2Key, "File2.txt", new PartSpec(1, 2), ["user2"], 2500)))[0];
        var readFromTrackerTxt = NetworkFile.From(Snapshot(new TrackerRow(File3Key, "File3.txt", null, ["user3"])))[0];

        Assert.Equal(5000, whole.Size);
        Assert.Equal(4900, parts.Size);
        Assert.Null(missingPart.Size);
        Assert.Null(readFromTrackerTxt.Size);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(117, "117 B")]
    [InlineData(4300, "4.2 KiB")]
    [InlineData(5L * 1024 * 1024, "5 MiB")]
    [InlineData(1536L * 1024 * 1024, "1.5 GiB")]
    public void Sizes_read_the_way_people_read_them(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));

    [Fact]
    public void A_transfer_has_no_percentage_until_its_size_is_known()
    {
        Assert.Null(TransferState.Starting.Percent);
        Assert.Equal(25, new TransferState(1024, 4096).Percent);
    }

    private static TrackerSnapshot Snapshot(params TrackerRow[] rows) =>
        new(7, DateTimeOffset.UnixEpoch, [.. rows], "test");
}

using Bunit;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class NetworkFilesTableTests : MudComponentTest
{
    private static readonly IReadOnlyList<NetworkFile> Network = NetworkFile.From(new TrackerSnapshot(
        5,
        DateTimeOffset.UnixEpoch,
        [
            new TrackerRow(FileKey.Compute("File1.txt"), "File1.txt", null, ["user1"], 117),
            new TrackerRow(FileKey.Compute("File2.txt"), "File2.txt", new PartSpec(1, 2), ["user2"], 3 * 1024 * 1024),
            new TrackerRow(FileKey.Compute("File2.txt"), "File2.txt", new PartSpec(2, 2), ["user3"], 2 * 1024 * 1024),
            new TrackerRow(FileKey.Compute("File3.txt"), "File3.txt", null, ["user3", "user4"], 4300),
        ],
        "test"));

    [Fact]
    public void Each_file_the_user_does_not_hold_whole_has_a_named_Get_a_copy_button()
    {
        var table = Context.Render<NetworkFilesTable>(p => p.Add(t => t.Files, Network).Add(t => t.Me, "user4"));

        var buttons = table.FindAll("button[aria-label^='Get a copy of ']").Select(b => b.GetAttribute("aria-label"));
        Assert.Equal(["Get a copy of File1.txt", "Get a copy of File2.txt"], buttons);
        Assert.Contains("You have it", RowOf(table, "File3.txt").TextContent);
        Assert.Contains("2 parts", RowOf(table, "File2.txt").TextContent);
        Assert.Contains("user2 (1/2)", RowOf(table, "File2.txt").TextContent);
    }

    [Fact]
    public void A_file_in_the_users_own_table_counts_as_held_before_the_tracker_says_so()
    {
        var table = Context.Render<NetworkFilesTable>(p => p
            .Add(t => t.Files, Network)
            .Add(t => t.Me, "user1")
            .Add(t => t.HeldWhole, new HashSet<string> { FileKey.Compute("File3.txt") }));

        Assert.Empty(table.FindAll("button[aria-label='Get a copy of File3.txt']"));
        Assert.Empty(table.FindAll("button[aria-label='Get a copy of File1.txt']"));
    }

    [Fact]
    public void Clicking_Get_a_copy_hands_the_file_to_the_page()
    {
        NetworkFile? asked = null;
        var table = Context.Render<NetworkFilesTable>(p => p
            .Add(t => t.Files, Network)
            .Add(t => t.Me, "user1")
            .Add(t => t.OnDownload, (NetworkFile f) => asked = f));

        table.Find("button[aria-label='Get a copy of File2.txt']").Click();

        Assert.Equal("File2.txt", asked?.Name);
    }

    [Fact]
    public void A_download_under_way_shows_its_progress_instead_of_the_button()
    {
        var table = Context.Render<NetworkFilesTable>(p => p
            .Add(t => t.Files, Network)
            .Add(t => t.Me, "user4")
            .Add(t => t.Downloads, new Dictionary<string, TransferState> { ["File1.txt"] = new(3 * 1024 * 1024, 12 * 1024 * 1024) }));

        var row = RowOf(table, "File1.txt");
        Assert.Empty(row.QuerySelectorAll("button"));
        Assert.Contains("25%", row.TextContent);
        var bar = row.QuerySelector("[role='progressbar']");
        Assert.NotNull(bar);
        Assert.Equal("25", bar.GetAttribute("aria-valuenow"));
        Assert.Equal("Download progress of File1.txt", bar.GetAttribute("aria-label"));
    }

    [Fact]
    public void Searching_for_a_holder_leaves_only_the_files_it_holds_something_of()
    {
        var table = Context.Render<NetworkFilesTable>(p => p.Add(t => t.Files, Network).Add(t => t.Me, "user1"));

        table.Find("input").Input("user3");

        var names = table.FindAll("tbody tr td[data-label='Name'] .p2p-file-name").Select(n => n.TextContent.Trim());
        Assert.Equal(["File2.txt", "File3.txt"], names);
    }

    [Fact]
    public void The_filter_shows_the_files_user4_does_not_have_has_or_that_exist_only_in_parts()
    {
        var table = Context.Render<NetworkFilesTable>(p => p.Add(t => t.Files, Network).Add(t => t.Me, "user4"));
        var show = () => table.Find("select[aria-label='Show which network files']");

        show().Change("NotMine");
        Assert.Equal(["File1.txt", "File2.txt"], Names(table));
        show().Change("Mine");
        Assert.Equal(["File3.txt"], Names(table));
        show().Change("OnlyInParts");
        Assert.Equal(["File2.txt"], Names(table));

        // The filter and the search narrow together.
        show().Change("NotMine");
        table.Find("input").Input("user1");
        Assert.Equal(["File1.txt"], Names(table));
    }

    private static string[] Names(IRenderedComponent<NetworkFilesTable> table) =>
        [.. table.FindAll("tbody tr td[data-label='Name'] .p2p-file-name").Select(n => n.TextContent.Trim())];

    [Fact]
    public void Each_file_shows_its_size_and_sorting_by_Size_puts_the_biggest_last()
    {
        var table = Context.Render<NetworkFilesTable>(p => p.Add(t => t.Files, Network).Add(t => t.Me, "user1"));

        Assert.Equal("117 B", RowOf(table, "File1.txt").QuerySelector("td[data-label='Size']")?.TextContent.Trim());
        Assert.Equal("5 MiB", RowOf(table, "File2.txt").QuerySelector("td[data-label='Size']")?.TextContent.Trim());
        Assert.Equal("4.2 KiB", RowOf(table, "File3.txt").QuerySelector("td[data-label='Size']")?.TextContent.Trim());

        table.FindAll("th .mud-table-sort-label").Single(h => h.TextContent.Trim() == "Size").Click();

        var names = table.FindAll("tbody tr td[data-label='Name'] .p2p-file-name").Select(n => n.TextContent.Trim());
        Assert.Equal(["File1.txt", "File3.txt", "File2.txt"], names);
    }

    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<NetworkFilesTable> table, string name) =>
        table.FindAll("tbody tr").Single(r => r.QuerySelector("td[data-label='Name'] .p2p-file-name")?.TextContent.Trim() == name);
}

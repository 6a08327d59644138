using Bunit;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class MyFilesTableTests : MudComponentTest
{
    private static readonly FileDescriptor Whole = new(FileKey.Compute("My notes.txt"), "My notes.txt", 3, new string('a', 64), 2048);
    private static readonly FileDescriptor Part = new(FileKey.Compute("File2.txt"), "File2.txt", 1, new string('b', 64), 80, new PartSpec(2, 2));
    private static readonly FileDescriptor Huge = new(FileKey.Compute("movie.bin"), "movie.bin", 1, new string('c', 64), 5L * 1024 * 1024 * 1024);

    [Fact]
    public void Rows_show_name_size_version_and_whether_whole_or_which_part_with_the_key_in_the_details()
    {
        var table = Context.Render<MyFilesTable>(p => p.Add(t => t.Files, [Part, Whole]));

        var part = Cells(table, "File2.txt");
        Assert.DoesNotContain("Key", part.Keys);
        Assert.Contains(Part.Key, table.FindAll("tr").Single(r => r.TextContent.Contains("File2.txt")).QuerySelector("details")!.TextContent);
        Assert.Equal("80 B", part["Size"]);
        Assert.Equal("1", part["Version"]);
        Assert.Equal("part 2/2", part["Held"]);
        var whole = Cells(table, "My notes.txt");
        Assert.Equal("2 KiB", whole["Size"]);
        Assert.Equal("3", whole["Version"]);
        Assert.Equal("whole", whole["Held"]);
    }

    [Fact]
    public void The_filter_shows_whole_files_or_parts_and_all_again()
    {
        var table = Context.Render<MyFilesTable>(p => p.Add(t => t.Files, [Part, Whole, Huge]));

        table.Find("select[aria-label='Show which of my files']").Change("Parts");
        Assert.Equal(["File2.txt"], Names(table));
        table.Find("select[aria-label='Show which of my files']").Change("Whole");
        Assert.Equal(["movie.bin", "My notes.txt"], Names(table));
        table.Find("select[aria-label='Show which of my files']").Change("All");
        Assert.Equal(3, Names(table).Count);
    }

    private static List<string> Names(IRenderedComponent<MyFilesTable> table) =>
        [.. table.FindAll("tbody tr td[data-label='Name'] .p2p-file-name").Select(n => n.TextContent.Trim()).Order(StringComparer.OrdinalIgnoreCase)];

    [Fact]
    public void A_whole_file_can_be_edited_and_saved_to_the_computer_and_a_part_cannot()
    {
        var table = Context.Render<MyFilesTable>(p => p.Add(t => t.Files, [Part, Whole]));

        Assert.Single(table.FindAll("[aria-label='Edit My notes.txt']"));
        var save = table.Find("a[aria-label='Save to my computer: My notes.txt']");
        Assert.Equal("/api/files/My%20notes.txt", save.GetAttribute("href"));
        Assert.Equal("My notes.txt", save.GetAttribute("download"));
        Assert.Empty(table.FindAll("[aria-label='Edit File2.txt']"));
        Assert.Empty(table.FindAll("[aria-label='Save to my computer: File2.txt']"));
    }

    [Fact]
    public void A_file_too_big_for_a_text_area_offers_only_the_save_link()
    {
        var table = Context.Render<MyFilesTable>(p => p.Add(t => t.Files, [Huge]));

        Assert.Empty(table.FindAll("[aria-label='Edit movie.bin']"));
        Assert.Single(table.FindAll("[aria-label='Save to my computer: movie.bin']"));
    }

    [Fact]
    public void Clicking_Edit_hands_the_file_to_the_page()
    {
        FileDescriptor? edited = null;
        var table = Context.Render<MyFilesTable>(p => p.Add(t => t.Files, [Whole]).Add(t => t.OnEdit, (FileDescriptor f) => edited = f));

        table.Find("[aria-label='Edit My notes.txt']").Click();

        Assert.Equal(Whole, edited);
    }

    private static Dictionary<string, string> Cells(IRenderedComponent<MyFilesTable> table, string name) =>
        table.FindAll("tbody tr")
            .Single(r => r.QuerySelector("td[data-label='Name'] .p2p-file-name")?.TextContent.Trim() == name)
            .QuerySelectorAll("td")
            .ToDictionary(td => td.GetAttribute("data-label")!, td => td.TextContent.Trim());
}

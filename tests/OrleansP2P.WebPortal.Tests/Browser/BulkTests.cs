using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Bulk actions on the file tables: user4 ticks File1.txt and File3.txt in Network files and gets copies of both in one
/// action; then ticks both in My files and removes its copies, after a question, while user1 and user3 keep theirs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BulkTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_gets_copies_of_two_ticked_files_at_once_then_removes_its_copies_and_the_others_keep_theirs()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        var network = user4.Page.GetByTestId("network-files");
        var mine = user4.Page.GetByTestId("my-files");

        await network.GetByLabel("Select File1.txt").CheckAsync();
        await network.GetByLabel("Select File3.txt").CheckAsync();
        var found = (await Axe.SeriousViolationsAsync(user4.Page, "the dashboard with ticked rows")).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        await network.GetByRole(AriaRole.Button, new() { Name = "Get copies (2)" }).ClickAsync();

        await Expect(user4.Snackbar("Got copies of 2 file(s): File1.txt, File3.txt")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user4", "File1.txt")) == DemoNetwork.File1, "user4's folder has File1.txt");
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user4", "File3.txt")) == DemoNetwork.File3, "user4's folder has File3.txt");
        await Expect(user4.Cell(user4.MyFileRow("File1.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user3.Cell(user3.NetworkFileRow("File1.txt"), "Holders")).ToContainTextAsync("user4");
        await Expect(network.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Get copies") })).ToHaveCountAsync(0);

        await mine.GetByLabel("Select File1.txt").CheckAsync();
        await mine.GetByLabel("Select File3.txt").CheckAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Remove mine (2)" }).ClickAsync();
        var question = user4.Page.GetByRole(AriaRole.Dialog, new() { Name = "Remove your copies of 2 file(s)?" });
        await Expect(question).ToContainTextAsync("Other holders keep their copies");
        found = [.. await Axe.SeriousViolationsAsync(user4.Page, "the remove question")];
        Assert.True(found.Count == 0, string.Join("\n", found));
        await question.GetByRole(AriaRole.Button, new() { Name = "Remove mine" }).ClickAsync();

        await Expect(user4.Snackbar("Removed your copies of File1.txt, File3.txt")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => !File.Exists(_portal.PathIn("user4", "File1.txt")) && !File.Exists(_portal.PathIn("user4", "File3.txt")), "user4's folder no longer has them");
        Assert.Equal(DemoNetwork.File1, Eventually.ReadText(_portal.PathIn("user1", "File1.txt")));
        Assert.Equal(DemoNetwork.File3, Eventually.ReadText(_portal.PathIn("user3", "File3.txt")));
        await Expect(user4.MyFileRow("File1.txt")).ToHaveCountAsync(0);
        await Expect(user3.Cell(user3.NetworkFileRow("File3.txt"), "Holders")).Not.ToContainTextAsync("user4");
    }

    [Fact]
    public async Task On_a_390_px_phone_the_ticked_tables_have_nothing_past_the_right_edge()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal, width: 390);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user4.LogInAsync("user4", "password4");

        await user4.Page.GetByTestId("network-files").GetByLabel("Select File3.txt").CheckAsync();
        await Expect(user4.Page.GetByRole(AriaRole.Button, new() { Name = "Get copies (1)" })).ToBeVisibleAsync();

        var found = await NarrowScreenTests.PastTheEdgeAsync(user4.Page, "the dashboard with a ticked row");
        Assert.True(!found.Any(), string.Join("\n", found));
    }
}

using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// The spec's story, clicked through in a real browser: user4 downloads File3.txt, edits it, and every copy
/// follows — on disk, and on the screen of user3, who is watching. Each test starts from a clean network.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SpecStoryTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Edited = "File3.txt, edited by user4 in the browser.\nEvery copy follows.\n";

    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_presses_Get_a_copy_on_File3_by_keyboard_and_the_file_lands_in_its_folder_with_one_toast()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user4.LogInAsync("user4", "password4");
        Assert.False(File.Exists(_portal.PathIn("user4", "File3.txt")));

        await user4.Button("Get a copy of File3.txt").FocusAsync();
        await user4.Page.Keyboard.PressAsync("Enter");

        await Expect(user4.Snackbar("Got a copy of File3.txt from user3")).ToBeVisibleAsync();
        // One action, one toast: the tracker's event about it goes to the activity feed only.
        await Expect(user4.Page.GetByTestId("activity")).ToContainTextAsync("File3.txt");
        await Expect(user4.Page.Locator(".mud-snackbar")).ToHaveCountAsync(1);
        // The button is gone; the keyboard user stays in the row, on its "You have it".
        await Expect(user4.Cell(user4.NetworkFileRow("File3.txt"), "Actions").Locator(".p2p-have")).ToBeFocusedAsync();
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user4", "File3.txt")) == DemoNetwork.File3, "user4's folder has File3.txt");
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user4.Cell(user4.NetworkFileRow("File3.txt"), "Holders")).ToContainTextAsync("user4");
        await Expect(user4.Button("Get a copy of File3.txt")).ToHaveCountAsync(0);
        output.WriteLine($"Screenshot: {await user4.ScreenshotAsync("user4-after-download")}");

        // What is left to get: the filter hides what user4 now has.
        await user4.Page.GetByLabel("Show which network files").SelectOptionAsync(new SelectOptionValue { Label = "files I do not have" });
        await Expect(user4.NetworkFileRow("File3.txt")).ToHaveCountAsync(0);
        await Expect(user4.NetworkFileRow("File1.txt")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task User4_edits_File3_and_saves_and_user3s_folder_copy_changes()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user4.LogInAsync("user4", "password4");
        await DownloadAsync(user4, "File3.txt");

        await EditAndSaveAsync(user4, "File3.txt", DemoNetwork.File3, Edited);

        await Expect(user4.Snackbar("Saved File3.txt as version 2")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user3", "File3.txt")) == Edited, "user3's folder copy of File3.txt has user4's edit");
        Assert.Equal(Edited, Eventually.ReadText(_portal.PathIn("user4", "File3.txt")));
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task User3_in_a_second_browser_sees_user4s_update_live_without_reloading()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await DownloadAsync(user4, "File3.txt");
        await Expect(user3.Cell(user3.NetworkFileRow("File3.txt"), "Holders")).ToContainTextAsync("user4");
        await Expect(user3.Cell(user3.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("1");
        await Expect(user3.Cell(user3.NetworkFileRow("File3.txt"), "Size")).ToHaveTextAsync($"{System.Text.Encoding.UTF8.GetByteCount(DemoNetwork.File3)} B");
        // A mark in user3's page: had the page been reloaded, the mark would be gone.
        await user3.Page.EvaluateAsync("() => window.p2pNotReloaded = true");

        await EditAndSaveAsync(user4, "File3.txt", DemoNetwork.File3, Edited);

        await Expect(user3.Snackbar("user4 updated File3.txt to version 2")).ToBeVisibleAsync();
        await Expect(user3.Cell(user3.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("2");
        // The edit changed the size but not Tracker.txt's rows: the network list still shows the new size.
        await Expect(user3.Cell(user3.NetworkFileRow("File3.txt"), "Size")).ToHaveTextAsync($"{System.Text.Encoding.UTF8.GetByteCount(Edited)} B");
        Assert.True(await user3.Page.EvaluateAsync<bool>("() => window.p2pNotReloaded === true"), "user3's page was reloaded");
        output.WriteLine($"Screenshot: {await user3.ScreenshotAsync("user3-sees-update-live")}");
    }

    [Fact]
    public async Task Saving_over_a_newer_version_shows_both_side_by_side_and_Keep_mine_publishes_the_unsaved_edit()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await DownloadAsync(user4, "File3.txt");

        // Both open version 1; user3 saves first.
        await user4.Button("Edit File3.txt").ClickAsync();
        var user4Editor = user4.Page.GetByRole(AriaRole.Dialog).GetByLabel("Content of File3.txt");
        await Expect(user4Editor).ToHaveValueAsync(DemoNetwork.File3);
        await user3.Button("Edit File3.txt").ClickAsync();
        var user3Editor = user3.Page.GetByRole(AriaRole.Dialog).GetByLabel("Content of File3.txt");
        await Expect(user3Editor).ToHaveValueAsync(DemoNetwork.File3);
        await user3Editor.FillAsync("user3's version\n");
        await user3.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(user3.Snackbar("Saved File3.txt as version 2")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user4", "File3.txt")) == "user3's version\n", "user4's copy has user3's version");

        await user4Editor.FillAsync("user4's version\n");
        var dialog = user4.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Refused with 409: the conflict screen, user3's version beside user4's unsaved text, not a reload.
        await Expect(dialog.GetByTestId("edit-conflict")).ToContainTextAsync("409");
        await Expect(dialog.GetByTestId("edit-conflict")).ToContainTextAsync("user3 saved version 2 of File3.txt after this edit began from version 1");
        await Expect(dialog.GetByTestId("diff-theirs")).ToContainTextAsync("Current: version 2, saved by user3");
        await Expect(dialog.GetByTestId("diff-theirs")).ToContainTextAsync("user3's version");
        await Expect(dialog.GetByTestId("diff-mine")).ToContainTextAsync("user4's version");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Reload" })).ToHaveCountAsync(0);
        var found = await Axe.SeriousViolationsAsync(user4.Page, "the editor's conflict screen");
        Assert.True(!found.Any(), string.Join("\n", found));
        output.WriteLine($"Screenshot: {await user4.ScreenshotAsync("user4-edit-conflict")}");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep mine" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(user4.Snackbar("Saved File3.txt as version 3")).ToBeVisibleAsync();
        foreach (var holder in new[] { "user3", "user4" })
        {
            await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn(holder, "File3.txt")) == "user4's version\n", $"{holder}'s File3.txt has user4's version");
        }
    }

    private static async Task DownloadAsync(PortalSession session, string name)
    {
        await session.Button($"Get a copy of {name}").ClickAsync();
        await Expect(session.Cell(session.MyFileRow(name), "Held")).ToHaveTextAsync("whole");
    }

    private static async Task EditAndSaveAsync(PortalSession session, string name, string expectedBefore, string after)
    {
        await session.Button($"Edit {name}").ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog);
        var editor = dialog.GetByLabel($"Content of {name}");
        await Expect(editor).ToHaveValueAsync(expectedBefore);
        await editor.FillAsync(after);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Conflicts in the browser, two users in two browsers. user3 edits File3.txt in its folder while user4 saves another
/// edit in the portal: user3's edit is kept as a conflict copy, which both see in Conflicts. user3 opens it side by
/// side with user4's version, merges both by editing, and every holder's folder has the merged text; the copy is gone
/// from the folder and from both screens. The folder watcher is off so that user3's edit is still unpublished when
/// user4's version arrives. And an open editor says so the moment someone else saves.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConflictTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Theirs = DemoNetwork.File3 + "user4's line, saved in the portal.\n";
    private static readonly string Mine = DemoNetwork.File3 + "user3's line, written in its folder.\n";
    private static readonly string Merged = DemoNetwork.File3 + "user4's line, saved in the portal.\nuser3's line, written in its folder.\n";

    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:WatchFolders"] = "false" }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User3_merges_its_conflict_copy_with_user4s_version_and_every_folder_has_the_merged_text()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await Settled.SlowAnimationsAsync(user3.Page);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await GetCopyAsync(user4);

        await File.WriteAllTextAsync(_portal.PathIn("user3", "File3.txt"), Mine);
        await EditAndSaveAsync(user4, DemoNetwork.File3, Theirs);

        var resolve = user3.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Resolve File3\.sync-conflict-\d{8}-\d{6}-user3(-\d+)?\.txt$") });
        await Expect(resolve).ToBeVisibleAsync();
        var copy = (await resolve.GetAttributeAsync("aria-label"))!["Resolve ".Length..];
        Assert.Equal(Mine, Eventually.ReadText(_portal.PathIn("user3", copy)));
        Assert.Equal(Theirs, Eventually.ReadText(_portal.PathIn("user3", "File3.txt")));
        await Expect(user4.Page.GetByTestId("conflicts")).ToContainTextAsync(copy);
        // Only a holder of the copy resolves it.
        await Expect(user4.Page.GetByRole(AriaRole.Button, new() { Name = $"Resolve {copy}" })).ToHaveCountAsync(0);

        await resolve.ClickAsync();
        var dialog = user3.Page.GetByRole(AriaRole.Dialog, new() { Name = "Resolve the conflict in File3.txt" });
        var theirsPane = dialog.GetByTestId("diff-theirs");
        var minePane = dialog.GetByTestId("diff-mine");
        await Expect(theirsPane).ToContainTextAsync("Current: version 2, saved by user4");
        await Expect(theirsPane.Locator(".p2p-diff-line").Filter(new() { HasText = "user4's line" })).ToHaveClassAsync(new Regex("p2p-diff-(modified|deleted)"));
        await Expect(minePane.Locator(".p2p-diff-line").Filter(new() { HasText = "user3's line" })).ToHaveClassAsync(new Regex("p2p-diff-(modified|inserted)"));
        await Expect(minePane.Locator(".p2p-diff-line").Filter(new() { HasText = DemoNetwork.File3.Split('\n')[0] })).Not.ToHaveClassAsync(new Regex("p2p-diff-(modified|inserted|deleted)"));
        var found = (await Axe.SeriousViolationsAsync(user3.Page, "the conflict dialog")).ToList();
        await user3.Page.SetViewportSizeAsync(390, 960);
        found.AddRange(await NarrowScreenTests.PastTheEdgeAsync(user3.Page, "the conflict dialog at 390 px"));
        await user3.Page.SetViewportSizeAsync(1440, 960);
        Assert.True(found.Count == 0, string.Join("\n", found));
        output.WriteLine($"Screenshot: {await user3.ScreenshotAsync("user3-conflict-side-by-side")}");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Merge by editing" }).ClickAsync();
        var editor = dialog.GetByLabel("Merged text of File3.txt");
        await Expect(editor).ToHaveValueAsync(Mine);
        await editor.FillAsync(Merged);
        found = [.. await Axe.SeriousViolationsAsync(user3.Page, "the merge editor")];
        Assert.True(found.Count == 0, string.Join("\n", found));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save merge" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(user3.Snackbar($"The merge of {copy} is version 3 of File3.txt")).ToBeVisibleAsync();
        foreach (var holder in new[] { "user3", "user4" })
        {
            await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn(holder, "File3.txt")) == Merged, $"{holder}'s File3.txt has the merged text");
        }

        Assert.False(File.Exists(_portal.PathIn("user3", copy)), "the conflict copy is still in user3's folder");
        await Expect(user3.Page.GetByTestId("conflicts")).ToHaveCountAsync(0);
        await Expect(user4.Page.GetByTestId("conflicts")).ToHaveCountAsync(0);
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task An_open_editor_says_the_moment_user3_saves_a_new_version_and_Reload_brings_it_in()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await GetCopyAsync(user4);
        await user4.Button("Edit File3.txt").ClickAsync();
        var dialog = user4.Page.GetByRole(AriaRole.Dialog);
        var editor = dialog.GetByLabel("Content of File3.txt");
        await Expect(editor).ToHaveValueAsync(DemoNetwork.File3);
        await editor.FillAsync("user4's unsaved edit\n");
        await Expect(dialog.GetByTestId("edit-newer")).ToHaveCountAsync(0);

        await EditAndSaveAsync(user3, DemoNetwork.File3, Theirs);

        var banner = dialog.GetByTestId("edit-newer");
        await Expect(banner).ToContainTextAsync("user3 saved version 2 of File3.txt while you were editing");
        var found = await Axe.SeriousViolationsAsync(user4.Page, "the editor's new-version banner");
        Assert.True(!found.Any(), string.Join("\n", found));
        await banner.GetByRole(AriaRole.Button, new() { Name = "Reload version 2" }).ClickAsync();
        await Expect(editor).ToHaveValueAsync(Theirs);
        await Expect(dialog.GetByLabel("Your unsaved edit")).ToHaveValueAsync("user4's unsaved edit\n");
        await Expect(banner).ToHaveCountAsync(0);
    }

    private static async Task GetCopyAsync(PortalSession user4)
    {
        await user4.Button("Get a copy of File3.txt").ClickAsync();
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Held")).ToHaveTextAsync("whole");
    }

    private static async Task EditAndSaveAsync(PortalSession session, string before, string after)
    {
        await session.Button("Edit File3.txt").ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog);
        var editor = dialog.GetByLabel("Content of File3.txt");
        await Expect(editor).ToHaveValueAsync(before);
        await editor.FillAsync(after);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}

using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// A file's history in the browser: user4 edits File3.txt; user3, in a second browser, opens File3.txt's history,
/// sees both versions with who saved them and who keeps them, reads version 1 and restores it. Every holder's folder
/// has version 1's text again, user4's screen follows, and the replaced version stays in the history.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Edited = "File3.txt, rewritten by user4.\n";

    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User3_reads_version_1_in_File3s_history_and_restores_it_at_every_holder()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await GetCopyAndEditAsync(user4);
        await Expect(user3.Cell(user3.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("2");

        var history = await OpenHistoryAsync(user3, "File3.txt");

        var version1 = VersionRow(history, 1);
        var version2 = VersionRow(history, 2);
        await Expect(user3.Cell(version2, "Version")).ToContainTextAsync("(current)");
        await Expect(user3.Cell(version2, "Saved by")).ToHaveTextAsync("user4");
        await Expect(user3.Cell(version1, "Saved by")).ToHaveTextAsync("user3");
        await Expect(user3.Cell(version1, "Size")).ToHaveTextAsync($"{System.Text.Encoding.UTF8.GetByteCount(DemoNetwork.File3)} B");
        await Expect(user3.Cell(version1, "Kept by")).ToHaveTextAsync("user3, user4");
        await Expect(history.GetByRole(AriaRole.Button, new() { Name = "Restore version 2 of File3.txt" })).ToHaveCountAsync(0);

        await history.GetByRole(AriaRole.Button, new() { Name = "View version 1 of File3.txt" }).ClickAsync();
        await Expect(history.GetByLabel("Content of version 1 of File3.txt")).ToHaveTextAsync(DemoNetwork.File3);
        Assert.Equal(Edited, Eventually.ReadText(_portal.PathIn("user3", "File3.txt")));

        await history.GetByRole(AriaRole.Button, new() { Name = "Restore version 1 of File3.txt" }).ClickAsync();

        await Expect(history.GetByTestId("history-done")).ToContainTextAsync("Version 1 of File3.txt is restored as version 3");
        await Expect(user3.Cell(VersionRow(history, 3), "Version")).ToContainTextAsync("(current)");
        await Expect(user3.Cell(VersionRow(history, 3), "Saved by")).ToHaveTextAsync("user3");
        await Expect(user3.Cell(VersionRow(history, 2), "Kept by")).ToContainTextAsync("user4");
        foreach (var holder in new[] { "user3", "user4" })
        {
            await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn(holder, "File3.txt")) == DemoNetwork.File3, $"{holder}'s File3.txt is version 1's text again");
        }

        await Expect(user4.Snackbar("user3 updated File3.txt to version 3")).ToBeVisibleAsync();
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("3");
        output.WriteLine($"Screenshot: {await user3.ScreenshotAsync("user3-history-restored")}");
        await history.Locator(".mud-dialog-actions").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(user3.Cell(user3.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("3");
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_history_with_a_version_open_passes_axe(ColorScheme scheme)
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal, scheme);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user4.LogInAsync("user4", "password4");
        await GetCopyAndEditAsync(user4);

        var history = await OpenHistoryAsync(user4, "File3.txt");
        await history.GetByRole(AriaRole.Button, new() { Name = "View version 1 of File3.txt" }).ClickAsync();
        await Expect(history.GetByTestId("version-view")).ToBeVisibleAsync();

        var found = await Axe.SeriousViolationsAsync(user4.Page, "the history dialog");
        Assert.True(!found.Any(), string.Join("\n", found));
        await user4.Page.Keyboard.PressAsync("Escape");
        await Expect(history).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_a_390_px_phone_the_history_has_nothing_past_the_right_edge()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal, width: 390);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user4.LogInAsync("user4", "password4");
        await GetCopyAndEditAsync(user4);

        var history = await OpenHistoryAsync(user4, "File3.txt");
        await history.GetByRole(AriaRole.Button, new() { Name = "View version 1 of File3.txt" }).ClickAsync();
        await Expect(history.GetByTestId("version-view")).ToBeVisibleAsync();

        var found = await NarrowScreenTests.PastTheEdgeAsync(user4.Page, "the history dialog");
        Assert.True(!found.Any(), string.Join("\n", found));
    }

    private static async Task GetCopyAndEditAsync(PortalSession user4)
    {
        await user4.Button("Get a copy of File3.txt").ClickAsync();
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Held")).ToHaveTextAsync("whole");
        await user4.Button("Edit File3.txt").ClickAsync();
        var dialog = user4.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Content of File3.txt")).ToHaveValueAsync(DemoNetwork.File3);
        await dialog.GetByLabel("Content of File3.txt").FillAsync(Edited);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("2");
    }

    private static async Task<ILocator> OpenHistoryAsync(PortalSession session, string name)
    {
        await session.Button($"History of {name}").ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = $"History of {name}" });
        await Expect(dialog.GetByTestId("versions")).ToBeVisibleAsync();
        return dialog;
    }

    private static ILocator VersionRow(ILocator history, long version) =>
        history.Locator("[data-testid='versions'] tbody tr").Filter(new() { Has = history.Page.Locator($"td[data-label='Version']", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{version}(\\s|$)") }) });
}

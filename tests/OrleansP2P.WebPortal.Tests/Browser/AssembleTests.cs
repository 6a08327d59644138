using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>The bonus: File2.txt is in two parts, at user2 and user3; user1 downloads the whole file.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssembleTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User1_downloads_the_two_part_File2_and_its_folder_has_the_assembled_file()
    {
        await using var user1 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user1.LogInAsync("user1", "password1");
        var row = user1.NetworkFileRow("File2.txt");
        await Expect(user1.Cell(row, "Layout")).ToHaveTextAsync("2 parts");
        await Expect(user1.Cell(row, "Holders")).ToContainTextAsync("user2 (1/2)");
        await Expect(user1.Cell(row, "Holders")).ToContainTextAsync("user3 (2/2)");

        await user1.Button("Get a copy of File2.txt").ClickAsync();

        await Expect(user1.Snackbar("Got a copy of File2.txt from user2 and user3")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn("user1", "File2.txt")) == DemoNetwork.File2, "user1's folder has the whole File2.txt");
        await Expect(user1.Cell(user1.MyFileRow("File2.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user1.Cell(row, "Layout")).ToHaveTextAsync("full + 2 parts");
        await Eventually.TrueAsync(
            () => Eventually.ReadText(_portal.PathIn("user1", "Tracker.txt")) is { } tracker && tracker.Split('\n').Any(l => l.Contains("File2.txt") && l.Contains("full") && l.Contains("user1")),
            "user1's Tracker.txt has a full row for File2.txt held by user1");

        output.WriteLine($"Dashboard screenshot (light): {await user1.ScreenshotAsync("dashboard-light")}");
        const string background = "() => getComputedStyle(document.body).backgroundColor";
        var light = await user1.Page.EvaluateAsync<string>(background);
        await user1.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await user1.Page.WaitForFunctionAsync($"light => ({background})() !== light", light);
        output.WriteLine($"Dashboard screenshot (dark): {await user1.ScreenshotAsync("dashboard-dark")}");
    }
}

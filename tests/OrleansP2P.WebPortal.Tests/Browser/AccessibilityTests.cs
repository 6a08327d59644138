using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>Every control has a label or an accessible name: checked on the accessibility tree Chromium builds.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccessibilityTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Every_control_on_every_page_has_an_accessible_name()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await user3.Page.GotoAsync("/login");
        await AssertEveryControlNamedAsync(user3.Page, "the login page");

        await user3.LogInAsync("user3", "password3");
        await Expect(user3.Button("Get a copy of File1.txt")).ToBeVisibleAsync();
        await AssertEveryControlNamedAsync(user3.Page, "the dashboard");

        await user3.Button("Edit File3.txt").ClickAsync();
        await Expect(user3.Page.GetByRole(AriaRole.Dialog).GetByLabel("Content of File3.txt")).ToBeVisibleAsync();
        await AssertEveryControlNamedAsync(user3.Page, "the edit dialog");
        await user3.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await user3.Page.GetByRole(AriaRole.Link, new() { Name = "Tracker.txt" }).ClickAsync();
        await user3.WaitUntilInteractiveAsync();
        await Expect(user3.Page.GetByTestId("tracker-text")).ToBeVisibleAsync();
        await AssertEveryControlNamedAsync(user3.Page, "the Tracker.txt page");
    }

    private static async Task AssertEveryControlNamedAsync(IPage page, string where)
    {
        var tree = await page.Locator("body").AriaSnapshotAsync();
        var unnamed = tree.Split('\n').Where(line => UnnamedControl().IsMatch(line)).ToList();
        Assert.True(unnamed.Count == 0, $"Controls without a name on {where}:\n{string.Join('\n', unnamed)}\n\nWhole tree:\n{tree}");
    }

    // An aria snapshot writes a named control as `- button "Save"`; an unnamed one has no quoted name.
    [GeneratedRegex(@"^\s*- (button|link|textbox|checkbox|combobox|listbox|slider|switch|radio|searchbox|spinbutton|menuitem|tab)(\s*\[[^\]]*\])*\s*:?\s*$")]
    private static partial Regex UnnamedControl();
}

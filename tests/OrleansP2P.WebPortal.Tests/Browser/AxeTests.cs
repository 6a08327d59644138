using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// user3 uses the portal with a screen reader and a keyboard: axe finds no serious or critical WCAG 2.1 A/AA
/// violation on any page or in the edit dialog, in light and in dark; Esc closes the dialog.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AxeTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_page_and_the_edit_dialog_pass_axe_WCAG_21_AA(ColorScheme scheme)
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal, scheme);
        var found = new List<string>();
        await Settled.SlowAnimationsAsync(user3.Page);

        await user3.Page.GotoAsync("/signup");
        found.AddRange(await Axe.SeriousViolationsAsync(user3.Page, "the sign-up page"));
        await user3.Page.GotoAsync("/login");
        found.AddRange(await Axe.SeriousViolationsAsync(user3.Page, "the login page"));

        await user3.LogInAsync("user3", "password3");
        await Expect(user3.NetworkFileRow("File1.txt")).ToBeVisibleAsync();
        found.AddRange(await Axe.SeriousViolationsAsync(user3.Page, "the dashboard"));

        await user3.Button("Edit File3.txt").ClickAsync();
        var dialog = user3.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Content of File3.txt")).ToBeVisibleAsync();
        found.AddRange(await Axe.SeriousViolationsAsync(user3.Page, "the edit dialog"));
        await user3.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        await user3.Page.GetByRole(AriaRole.Link, new() { Name = "Tracker.txt" }).ClickAsync();
        await user3.WaitUntilInteractiveAsync();
        await Expect(user3.Page.GetByTestId("tracker-text")).ToBeVisibleAsync();
        found.AddRange(await Axe.SeriousViolationsAsync(user3.Page, "the Tracker.txt page"));

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task Every_page_has_one_main_landmark_and_an_h1()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        foreach (var path in new[] { "/login", "/signup" })
        {
            await user3.Page.GotoAsync(path);
            await Expect(user3.Page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
            await Expect(user3.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        }

        await user3.LogInAsync("user3", "password3");
        await Expect(user3.Page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(user3.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_keyboard_user_sees_where_the_focus_is()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await user3.Page.GotoAsync("/login");

        await user3.Page.GetByLabel("Username").FocusAsync();
        await user3.Page.Keyboard.PressAsync("Tab");
        await user3.Page.Keyboard.PressAsync("Tab");

        await Expect(user3.Button("Log in")).ToBeFocusedAsync();
        await Settled.WaitForAnimationsAsync(user3.Page);
        var outline = await user3.Button("Log in").EvaluateAsync<string>("b => { const s = getComputedStyle(b); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 3px", outline);
    }
}

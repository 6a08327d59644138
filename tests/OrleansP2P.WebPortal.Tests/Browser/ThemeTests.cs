using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>user3 works at night with a dark desktop: the portal follows it, and remembers a choice made on it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThemeTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task The_portal_follows_a_dark_desktop_and_keeps_the_users_own_choice_across_reloads_and_logout()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal, ColorScheme.Dark);

        await user3.Page.GotoAsync("/login");
        await Expect(user3.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await ExpectDarkAsync(user3.Page, true, "the login page follows the dark desktop");

        await user3.LogInAsync("user3", "password3");
        await ExpectDarkAsync(user3.Page, true, "the dashboard follows the dark desktop");

        await user3.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await Expect(user3.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" })).ToHaveAttributeAsync("aria-pressed", "false");
        await user3.Page.WaitForFunctionAsync("() => document.cookie.includes('p2p-theme=light')");
        await ExpectDarkAsync(user3.Page, false, "the button switches to light at once");

        await user3.Page.ReloadAsync();
        await user3.WaitUntilInteractiveAsync();
        await ExpectDarkAsync(user3.Page, false, "light is kept across a reload");

        await user3.Button("Log out").ClickAsync();
        await user3.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await Expect(user3.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await ExpectDarkAsync(user3.Page, false, "the login page shows the user's choice too");
    }

    /// <summary>What the person sees: the page's background is dark (luminance below a half), waited for with a deadline.</summary>
    private static async Task ExpectDarkAsync(IPage page, bool dark, string what)
    {
        try
        {
            await page.WaitForFunctionAsync("""
                dark => {
                    const [r, g, b] = getComputedStyle(document.body)
                        .backgroundColor.match(/\d+/g).map(Number);
                    return ((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5) === dark;
                }
                """, dark);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected {(dark ? "dark" : "light")}: {what}");
        }
    }
}

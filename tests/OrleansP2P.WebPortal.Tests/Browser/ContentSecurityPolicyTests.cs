using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// The portal's content security policy fits its own pages: every page, logged out and logged in, loads and
/// becomes interactive with zero violations. (Every other browser test checks the same when its session ends.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Every_page_runs_with_zero_violations()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        await user4.Page.GotoAsync("/signup");
        await Expect(user4.Page.GetByLabel("Username")).ToBeVisibleAsync();
        await user4.Page.GotoAsync("/not-found");
        await user4.LogInAsync("user4", "password4");
        await Expect(user4.NetworkFileRow("File3.txt")).ToBeVisibleAsync();
        await user4.Page.GetByRole(AriaRole.Link, new() { Name = "Tracker.txt" }).ClickAsync();
        await user4.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tracker");
        await user4.WaitUntilInteractiveAsync();
        await Expect(user4.Page.GetByTestId("tracker-text")).ToContainTextAsync("File3.txt");

        Assert.Empty(user4.CspViolations);
    }

    [Fact]
    public async Task An_injected_inline_script_is_refused_and_seen()
    {
        var session = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await session.Page.GotoAsync("/login");

        await session.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");

        Assert.Null(await session.Page.EvaluateAsync<int?>("() => window.injected ?? null"));
        await Eventually.TrueAsync(() => session.CspViolations.Count > 0, "the refused script is reported");
        var refused = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(async () => await session.DisposeAsync());
        Assert.Contains("script-src", refused.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>user4 uses the portal on a 390 px phone: nothing runs off the right edge, and nothing is clipped to hide it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NarrowScreenTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task On_a_390_px_phone_no_page_has_anything_past_the_right_edge()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal, width: 390);
        var found = new List<string>();
        await Settled.SlowAnimationsAsync(user4.Page);

        await user4.Page.GotoAsync("/login");
        found.AddRange(await PastTheEdgeAsync(user4.Page, "/login"));
        await user4.Page.GotoAsync("/signup");
        found.AddRange(await PastTheEdgeAsync(user4.Page, "/signup"));
        await user4.Page.GotoAsync("/no-such-page");
        found.AddRange(await PastTheEdgeAsync(user4.Page, "the 404 page"));

        await user4.LogInAsync("user4", "password4");
        await Expect(user4.NetworkFileRow("File3.txt")).ToBeVisibleAsync();
        found.AddRange(await PastTheEdgeAsync(user4.Page, "the dashboard"));
        await Expect(user4.Button("Log out")).ToBeVisibleAsync();

        await user4.Page.GotoAsync("/tracker");
        await user4.WaitUntilInteractiveAsync();
        await Expect(user4.Page.GetByTestId("tracker-text")).ToBeVisibleAsync();
        found.AddRange(await PastTheEdgeAsync(user4.Page, "the Tracker.txt page"));

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>
    /// Every visible element's box, measured whole: an element cut off by an ancestor's overflow:hidden still
    /// reports its full width, so clipping cannot pass for fitting. Measured once the page has stopped moving. Scroll boxes (overflow auto/scroll) are
    /// allowed their content: that is scrolling, not overflow, as for Tracker.txt's long lines.
    /// </summary>
    internal static async Task<IEnumerable<string>> PastTheEdgeAsync(IPage page, string where)
    {
        // A box measured mid-slide or mid-scale (a drawer, a dialog) is not where it comes to rest.
        await Settled.WaitForAnimationsAsync(page);
        return (await page.EvaluateAsync<string[]>("""
            () => {
                const edge = document.documentElement.clientWidth;
                const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
                const out = [];
                if (document.documentElement.scrollWidth > edge) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${edge}`);
                for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
                    if (r.right > edge + 0.5 && !scrolls(el)) {
                        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}" x ${Math.round(r.left)}–${Math.round(r.right)}`);
                    }
                }
                return out.slice(0, 15);
            }
            """)).Select(line => $"{where}: {line}");
    }
}

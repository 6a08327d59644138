using Microsoft.Playwright;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Waits until the page has stopped moving: every finite CSS animation and transition (MudBlazor's 100 ms dialog
/// fade, a button's 250 ms background change when it turns enabled, the overlay's fade) has finished. Anything
/// that measures what a person sees — axe's colour contrast, element boxes, computed styles — measures after this,
/// never mid-animation: on a loaded machine the axe run can land inside a fade, where the text is half transparent
/// and fails contrast (the CI failure of the edit dialog's buttons).
/// </summary>
internal static class Settled
{
    /// <summary>
    /// Repeats until no finite animation is running on two checks one frame apart, so an animation started by a
    /// render that lands while the first ones finish is waited for too. Infinite ones (a spinner, an indeterminate
    /// bar) never finish and are not what is measured; they are left alone.
    /// </summary>
    public static async Task WaitForAnimationsAsync(IPage page)
    {
        var deadline = DateTime.UtcNow + ChromiumFixture.Timeout;
        var quietChecks = 0;
        while (quietChecks < 2)
        {
            var running = await page.EvaluateAsync<string[]>("""
                async () => {
                    const finite = document.getAnimations().filter(a => {
                        if (a.playState !== 'running' && !a.pending) return false;
                        const t = a.effect?.getComputedTiming();
                        return t && Number.isFinite(t.endTime);
                    });
                    const names = finite.map(a => `${a.animationName ?? a.transitionProperty ?? a.constructor.name} on ${a.effect?.target?.getAttribute?.('class') ?? '?'}`);
                    await Promise.all(finite.map(a => a.finished.catch(() => null)));
                    await new Promise(resolve => requestAnimationFrame(() => resolve()));
                    return names;
                }
                """);
            quietChecks = running.Length == 0 ? quietChecks + 1 : 0;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The page was still animating after {ChromiumFixture.Timeout.TotalSeconds} s: {string.Join(", ", running)}");
            }
        }
    }

    /// <summary>
    /// Plays the page's animations ten times slower (Chromium's DevTools animation domain), as on the slowest
    /// machine: a measure taken mid-animation then fails on every run, not once in a while on a loaded CI box.
    /// </summary>
    public static async Task SlowAnimationsAsync(IPage page)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Animation.enable");
        await devTools.SendAsync("Animation.setPlaybackRate", new Dictionary<string, object> { ["playbackRate"] = 0.1 });
    }
}

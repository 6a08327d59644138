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
    /// What is moving now: every finite animation or transition still running, and every toast not fully shown.
    /// MudBlazor fades a toast out over 2 s and then leaves it in the page at opacity 0 until its own timer removes
    /// it, with no animation left to see: a half-faded or faded toast is not what a person reads either.
    /// Infinite animations (a spinner, an indeterminate bar) never finish and are not what is measured.
    /// </summary>
    private const string MovingScript = """
        () => {
            const finite = document.getAnimations().filter(a => {
                if (a.playState !== 'running' && !a.pending) return false;
                const t = a.effect?.getComputedTiming();
                return t && Number.isFinite(t.endTime);
            });
            const faded = [...document.querySelectorAll('.mud-snackbar')].filter(e => Number(getComputedStyle(e).opacity) < 0.9);
            return {
                finite,
                names: [
                    ...finite.map(a => `${a.animationName ?? a.transitionProperty ?? a.constructor.name} on ${a.effect?.target?.getAttribute?.('class') ?? '?'}`),
                    ...faded.map(e => `a toast at opacity ${getComputedStyle(e).opacity}: ${e.textContent}`),
                ],
            };
        }
        """;

    /// <summary>
    /// Repeats until nothing moves (<see cref="MovingScript"/>) on two checks one frame apart, so an animation
    /// started by a render that lands while the first ones finish is waited for too.
    /// </summary>
    public static async Task WaitForAnimationsAsync(IPage page)
    {
        var deadline = DateTime.UtcNow + ChromiumFixture.Timeout;
        var quietChecks = 0;
        while (quietChecks < 2)
        {
            var moving = await page.EvaluateAsync<string[]>($$"""
                async () => {
                    const { finite, names } = ({{MovingScript}})();
                    await Promise.all(finite.map(a => a.finished.catch(() => null)));
                    await new Promise(resolve => requestAnimationFrame(() => resolve()));
                    if (names.length > finite.length) await new Promise(resolve => setTimeout(resolve, 50));
                    return names;
                }
                """);
            quietChecks = moving.Length == 0 ? quietChecks + 1 : 0;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The page was still moving after {ChromiumFixture.Timeout.TotalSeconds} s: {string.Join(", ", moving)}");
            }
        }
    }

    /// <summary>The toasts on the page now, each by its text, in order: two readings differ when one came or went.</summary>
    public static Task<string> ToastsAsync(IPage page) =>
        page.EvaluateAsync<string>("() => [...document.querySelectorAll('.mud-snackbar')].map(e => e.textContent).join('\\n')");

    /// <summary>Whether anything is moving now (<see cref="MovingScript"/>).</summary>
    public static Task<bool> IsAnimatingAsync(IPage page) =>
        page.EvaluateAsync<bool>($"() => ({MovingScript})().names.length > 0");

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

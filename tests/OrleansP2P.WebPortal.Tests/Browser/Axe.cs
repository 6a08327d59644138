using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>The one way a browser test runs axe: on a settled page, WCAG 2.1 A and AA, no rule disabled.</summary>
internal static class Axe
{
    /// <summary>The serious and critical violations on the page as it is now, each named with where it was found.</summary>
    public static async Task<IEnumerable<string>> SeriousViolationsAsync(IPage page, string where)
    {
        // Colour contrast measured mid-fade is a half-transparent colour: measure what the person ends up seeing.
        // A toast can start fading out while axe runs (and be gone by its end), or a new one fade in: when the
        // toasts on the page are not the same ones, still, after the run as before it, measure again.
        AxeResult result;
        var turns = 0;
        bool changed;
        do
        {
            await Settled.WaitForAnimationsAsync(page);
            var before = await Settled.ToastsAsync(page);
            result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            changed = await Settled.IsAnimatingAsync(page) || await Settled.ToastsAsync(page) != before;
        }
        while (changed && ++turns < 5);

        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(4).Select(n => $"{n.Target} {n.Html} ({n.Any.FirstOrDefault()?.Message})"))}");
    }
}

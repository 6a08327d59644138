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
        await Settled.WaitForAnimationsAsync(page);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(4).Select(n => $"{n.Target} {n.Html}"))}");
    }
}

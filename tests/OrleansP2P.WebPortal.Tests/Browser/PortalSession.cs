using Microsoft.Playwright;
using OrleansP2P.WebPortal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// One person at one browser: a context of its own (its own cookie), one page, and the portal's controls found
/// the way a person finds them — by label, role and name.
/// </summary>
public sealed class PortalSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private readonly List<string> _cspViolations = [];

    private PortalSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;

        // Every page of every browser test runs under the portal's content security policy: a violation is a
        // console report ("Refused to …", or the page's own securitypolicyviolation event), and fails the test.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                lock (_cspViolations)
                {
                    _cspViolations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
    }

    /// <summary>What the content security policy refused on any page of this session, so far.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_cspViolations)
            {
                return [.. _cspViolations];
            }
        }
    }

    public IPage Page { get; }

    public static async Task<PortalSession> OpenAsync(IBrowser browser, PortalFactory portal, ColorScheme colorScheme = ColorScheme.Light, int width = 1440)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 960 },
            ColorScheme = colorScheme,
            AcceptDownloads = true,
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout((float)ChromiumFixture.Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ChromiumFixture.Timeout.TotalMilliseconds);
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return new PortalSession(context, await context.NewPageAsync());
    }

    /// <summary>Fills the login form and submits it; does not check the outcome.</summary>
    public async Task SubmitLoginAsync(string username, string password)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>Logs in and waits until the dashboard's circuit is live and watching the network.</summary>
    public async Task LogInAsync(string username, string password)
    {
        await SubmitLoginAsync(username, password);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit });
        await WaitUntilInteractiveAsync();
    }

    /// <summary>Prerendered HTML shows the buttons before they work; the page marks itself once the circuit is up.</summary>
    public Task WaitUntilInteractiveAsync() =>
        Expect(Page.Locator("[data-interactive='true']")).ToBeVisibleAsync();

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator MyFileRow(string name) =>
        Page.Locator("[data-testid='my-files'] tbody tr").Filter(new() { Has = Page.Locator("td[data-label='Name']", new() { HasText = name }) });

    public ILocator NetworkFileRow(string name) =>
        Page.Locator("[data-testid='network-files'] tbody tr").Filter(new() { Has = Page.Locator("td[data-label='Name']", new() { HasText = name }) });

    public ILocator Cell(ILocator row, string column) => row.Locator($"td[data-label='{column}']");

    public ILocator Snackbar(string text) => Page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    /// <summary>Saves a full-page screenshot under the test output folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await Settled.WaitForAnimationsAsync(Page);
        var path = Path.Combine(folder, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        Assert.True(CspViolations.Count == 0, "The content security policy refused: " + string.Join(Environment.NewLine, CspViolations));
    }
}

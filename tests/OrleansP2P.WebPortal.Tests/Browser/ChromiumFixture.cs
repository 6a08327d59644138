using Microsoft.Playwright;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver: no <c>playwright install</c>, which cannot download
/// here. One browser for all browser tests; each test opens its own contexts (cookie jars) in it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Generous: a loaded 2-core machine runs a silo, Kestrel and Chromium at once.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ExecutablePath}: run `bash .ci/run` (installs it), or apt-get install -y chromium");
        }

        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = (float)TimeSpan.FromSeconds(60).TotalMilliseconds,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>
/// Browser tests run one class at a time: each hosts a whole portal with its silo, and a 2-core machine
/// gives steadier timings to one portal and one Chromium than to several racing each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}

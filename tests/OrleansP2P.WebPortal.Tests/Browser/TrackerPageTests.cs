using Microsoft.Playwright;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>"Use of Tracker.txt … available at all peers": the portal shows the peer's own file, exactly, and keeps it current.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TrackerPageTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Tracker_page_shows_the_folders_Tracker_txt_exactly_and_follows_a_download_live()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user4.LogInAsync("user4", "password4");
        await user4.Page.GetByRole(AriaRole.Link, new() { Name = "Tracker.txt" }).ClickAsync();
        await user4.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tracker");
        await user4.WaitUntilInteractiveAsync();
        var shown = user4.Page.GetByTestId("tracker-text");
        await Expect(shown).ToContainTextAsync("File3.txt");
        Assert.Equal(Eventually.ReadText(_portal.PathIn("user4", "Tracker.txt")), await shown.TextContentAsync());

        // Another peer downloads File3.txt; user4's folder and page both follow without a reload.
        await user4.Page.EvaluateAsync("() => window.p2pNotReloaded = true");
        var user1 = _portal.Grains.GetPeer(GrainKeys.DefaultNetwork, "user1");
        Assert.Equal(P2PStatus.Ok, (await _portal.Grains.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user1", "password1"))).Status);
        Assert.Equal(P2PStatus.Ok, (await user1.DownloadAsync(new DownloadRequest("File3.txt"))).Status);

        await Expect(shown).ToContainTextAsync("user1");
        await Eventually.TrueAsync(
            () => Eventually.ReadText(_portal.PathIn("user4", "Tracker.txt")) is { } onDisk && onDisk.Contains("user1", StringComparison.Ordinal),
            "user4's Tracker.txt lists user1");
        await Expect(shown).ToHaveTextAsync(Eventually.ReadText(_portal.PathIn("user4", "Tracker.txt"))!.Trim());
        Assert.Equal(Eventually.ReadText(_portal.PathIn("user4", "Tracker.txt")), await shown.TextContentAsync());
        Assert.True(await user4.Page.EvaluateAsync<bool>("() => window.p2pNotReloaded === true"));
        output.WriteLine($"Screenshot: {await user4.ScreenshotAsync("tracker-page")}");
    }
}

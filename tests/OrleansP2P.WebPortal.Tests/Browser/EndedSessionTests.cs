using System.Net;
using Microsoft.Playwright;
using OrleansP2P.WebPortal.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>A tab whose session has ended cannot act, even after its user logs in somewhere else.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EndedSessionTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_tab_logged_out_through_the_API_cannot_download_after_a_login_elsewhere_and_shows_the_login_page_within_30_s()
    {
        await using var tab = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await tab.LogInAsync("user4", "password4");

        // The tab's own cookie logs out through the API; that cookie then gets 401 from the API.
        Assert.Equal(200, (await tab.Page.APIRequest.PostAsync("/api/logout")).Status);
        Assert.Equal(401, (await tab.Page.APIRequest.GetAsync("/api/files")).Status);

        // user4 logs in again elsewhere: the peer has a session again, but not the tab's.
        using var elsewhere = await ApiClient.LogInAsync(fixture.Portal, "user4");

        // The tab may still show its buttons for a moment; a click made now is refused by the peer.
        var download = tab.Button("Get a copy of File3.txt");
        var clicked = await download.IsVisibleAsync();
        if (clicked)
        {
            await download.ClickAsync();
        }

        await tab.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login", new() { Timeout = 30_000 });
        await Expect(tab.Button("Log in")).ToBeVisibleAsync();
        Assert.False(File.Exists(fixture.Portal.PathIn("user4", "File3.txt")), $"The ended tab downloaded File3.txt (clicked: {clicked}).");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Http.GetAsync("/api/files")).StatusCode);
    }
}

using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>A new user on a slow LAN opens the portal for the first time: little to fetch, and nothing from elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstLoadTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const long Budget = 150 * 1024;

    [Fact]
    public async Task A_new_user_loads_the_login_page_cold_in_under_150_KB_all_from_the_portal_itself()
    {
        await using var newcomer = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        var finished = new List<Microsoft.Playwright.IRequest>();
        newcomer.Page.RequestFinished += (_, request) => finished.Add(request);
        newcomer.Page.RequestFailed += (_, request) => finished.Add(request);

        await newcomer.Page.GotoAsync("/login", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(newcomer.Page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Level = 1 })).ToBeVisibleAsync();

        var origin = fixture.Portal.BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = finished.Select(r => r.Url).Where(url => !url.StartsWith(origin, StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, $"Requests left the portal's origin: {string.Join(", ", elsewhere)}");

        long total = 0;
        var lines = new List<string>();
        foreach (var request in finished.ToList())
        {
            var sizes = await request.SizesAsync();
            var response = await request.ResponseAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            lines.Add($"{request.Url} {response?.Status} {response?.Headers.GetValueOrDefault("content-encoding")} {sizes.ResponseBodySize} B");
        }

        Assert.True(total < Budget, $"The cold login page took {total} bytes (budget {Budget}):\n{string.Join('\n', lines)}");
        Assert.Contains(lines, line => line.Contains("MudBlazor.min.css", StringComparison.Ordinal) && line.Contains(" gzip ", StringComparison.Ordinal) || line.Contains(" br ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_browser_finds_a_favicon()
    {
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };

        var icon = await http.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        Assert.True((await icon.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task Someone_typing_an_unknown_address_gets_the_portals_own_not_found_page_with_status_404()
    {
        await using var visitor = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        var response = await visitor.Page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the dashboard" })).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("main")).ToHaveCountAsync(1);
    }
}

using System.Net;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>
/// Cross-site request forgery: a page on another port of the same host auto-submits a form to the portal with
/// the logged-in user's cookie. It is refused with 403 and changes nothing; the app's own pages and scripts
/// without browser headers (README's curl session) keep working.
/// </summary>
public sealed class CrossOriginTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    private string OwnOrigin => Portal.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("Origin: http://evil.example")]
    [InlineData("Origin: http://127.0.0.1:1")] // same site, another port
    [InlineData("Origin: null")]
    [InlineData("Sec-Fetch-Site: same-site")]
    [InlineData("Sec-Fetch-Site: cross-site")]
    public async Task A_forged_download_from_another_origin_gets_403_and_leaves_the_folder_unchanged(string header)
    {
        using var user1 = await ApiClient.LogInAsync(Portal, "user1");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/files/File3.txt/download")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" }),
        };
        var (name, value) = Split(header);
        request.Headers.TryAddWithoutValidation(name, value);

        var reply = await user1.Http.SendAsync(request);

        Assert.Contains("Cross-origin", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.False(File.Exists(Portal.PathIn("user1", "File3.txt")));
    }

    [Fact]
    public async Task A_forged_logout_gets_403_and_the_session_stays()
    {
        using var user2 = await ApiClient.LogInAsync(Portal, "user2");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/logout");
        request.Headers.TryAddWithoutValidation("Origin", "http://127.0.0.1:1");

        await ApiClient.AssertErrorAsync(await user2.Http.SendAsync(request), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await user2.Http.GetAsync("/api/files")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Sec-Fetch-Site: same-origin")]
    [InlineData("Sec-Fetch-Site: none")]
    [InlineData("Origin: {own}")]
    public async Task The_apps_own_pages_and_scripts_without_browser_headers_may_act(string? header)
    {
        using var user4 = await ApiClient.LogInAsync(Portal, "user4");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/files/Own-" + Guid.NewGuid().ToString("N")[..8] + ".txt")
        {
            // README's curl --data-binary sends a form type: there is no content-type rule.
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "mine" }),
        };
        if (header is not null)
        {
            var (name, value) = Split(header.Replace("{own}", OwnOrigin, StringComparison.Ordinal));
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var reply = await user4.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
    }

    [Fact]
    public async Task A_request_without_the_session_cookie_is_not_a_forgery()
    {
        using var anonymous = new ApiClient(Portal);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/files/File3.txt/download");
        request.Headers.TryAddWithoutValidation("Origin", "http://evil.example");

        // Nothing to forge: it is simply not logged in.
        await ApiClient.AssertErrorAsync(await anonymous.Http.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    private static (string Name, string Value) Split(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return (header[..colon], header[(colon + 1)..].Trim());
    }
}

using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>Every response, the API's and the pages', says nosniff and a referrer policy; pages carry the CSP; no Server header.</summary>
public sealed class SecurityHeadersTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("/login")]
    [InlineData("/signup")]
    [InlineData("/api/files")] // 401
    [InlineData("/api/no-such-route")] // 404
    [InlineData("/openapi/v1.json")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/no-such-page")]
    public async Task Every_response_says_nosniff_and_a_referrer_policy_and_never_Server_Kestrel(string path)
    {
        using var client = new ApiClient(Portal);

        var reply = await client.Http.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(reply.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(reply.Headers.GetValues("Referrer-Policy")));
        Assert.False(reply.Headers.Contains("Server"));
        var policy = Assert.Single(reply.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response()
    {
        using var client = new ApiClient(Portal);

        var reply = await client.Http.GetAsync("/login");
        var html = await reply.Content.ReadAsStringAsync();

        var policy = Assert.Single(reply.Headers.GetValues("Content-Security-Policy"));
        var nonce = policy.Split("'nonce-")[1].Split('\'')[0];
        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").Select(m => m.Value).ToList();
        Assert.Contains(inline, tag => tag.Contains("importmap", StringComparison.Ordinal));
        Assert.All(inline, tag => Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal));
    }
}

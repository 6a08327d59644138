using System.Security.Cryptography;

namespace OrleansP2P.WebPortal.Security;

/// <summary>
/// Headers on every response, the API's and the pages': no content sniffing, no referrer to other origins,
/// no framing, and a content security policy that fits Blazor Server and MudBlazor. Scripts come only from
/// this origin; Blazor's import map is the one inline script, allowed by a per-request nonce
/// (<see cref="NonceOf"/>, which App.razor puts on it). MudBlazor sets inline styles (and a theme
/// <c>&lt;style&gt;</c>), so styles may be inline. Fonts are the system's: nothing comes from another origin.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "OrleansP2P.CspNonce";

    public Task InvokeAsync(HttpContext http)
    {
        // Hex, not base64: Razor HTML-encodes + and / in the attribute, so the page would not carry the header's nonce byte for byte.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = PolicyFor(nonce);

        // Blazor's interactive endpoints add a policy of their own (frame-ancestors 'self'); ours says that and more.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.ContentSecurityPolicy = PolicyFor(nonce);
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>The nonce of this response's content security policy, for the inline import map.</summary>
    public static string? NonceOf(HttpContext? http) => http?.Items[NonceKey] as string;

    public static string PolicyFor(string nonce) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");
}

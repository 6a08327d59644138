using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>One user's HTTP client against the real portal, with its own cookie jar.</summary>
public sealed class ApiClient(PortalFactory portal) : IDisposable
{
    public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = portal.BaseAddress,
    };

    public static async Task<ApiClient> LogInAsync(PortalFactory portal, string user)
    {
        var client = new ApiClient(portal);
        var reply = await client.Http.PostAsJsonAsync("/api/login", new { username = user, password = $"password{user[^1]}" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return client;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "application/problem+json" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>
    /// Asserts an error reply: the status code, and a problem (RFC 9457) with the same number and a reason,
    /// both as <c>detail</c> and as the <c>error</c> field scripts read.
    /// </summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonOf(response);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var error = body.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal(error, body.GetProperty("detail").GetString());
        return error!;
    }

    public void Dispose() => Http.Dispose();
}

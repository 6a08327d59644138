using System.Net;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>
/// Uploads being staged in the work area are removed when the transfer fails or is refused, and a peer over
/// its staging budget gets 507 with a reason; nothing of a refused upload stays in <c>.p2p/</c> or the folder.
/// </summary>
public sealed class StagingTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory(new Dictionary<string, string?>
    {
        ["Portal:MaxUploadBytes"] = (3 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["P2P:StagingBudgetBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }).StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private string WorkArea => Path.Combine(_portal.FolderOf("user4"), ".p2p");

    [Fact]
    public async Task A_chunked_upload_over_the_portal_limit_gets_413_and_leaves_nothing_staged()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        var name = $"Big-{Guid.NewGuid():N}.bin";

        var reply = await user4.Http.SendAsync(ChunkedPut(name, 4 * 1024 * 1024));

        await ApiClient.AssertErrorAsync(reply, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(Directory.EnumerateFiles(WorkArea, "up-*"));
        Assert.False(File.Exists(_portal.PathIn("user4", name)));
    }

    [Fact]
    public async Task An_upload_over_the_staging_budget_gets_507_with_the_reason_and_leaves_nothing_staged()
    {
        using var user4 = await ApiClient.LogInAsync(_portal, "user4");
        var name = $"Budget-{Guid.NewGuid():N}.bin";

        var reply = await user4.Http.SendAsync(ChunkedPut(name, (int)(2.5 * 1024 * 1024)));

        Assert.Contains("staging budget", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.InsufficientStorage), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(WorkArea, "up-*"));
        Assert.False(File.Exists(_portal.PathIn("user4", name)));

        // Under the budget the same peer still saves.
        Assert.Equal(HttpStatusCode.Created, (await user4.Http.SendAsync(ChunkedPut(name, 1024 * 1024))).StatusCode);
    }

    /// <summary>A PUT whose length is not announced, so the portal finds out only while reading it.</summary>
    private static HttpRequestMessage ChunkedPut(string name, int bytes)
    {
        var content = new StreamContent(new MemoryStream(new byte[bytes]));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/files/{name}") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }
}

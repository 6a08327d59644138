using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>
/// Names a file system or a person cannot tell apart are refused with 400 and leave no row; a file is announced
/// only once it is in place in the folder, so a name the folder refuses leaves no phantom holder either.
/// </summary>
public sealed class NameRulesApiTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData(86, '\u20ac')] // 86 characters, 258 bytes
    [InlineData(1, '\u202E')]
    [InlineData(1, '\u200B')]
    [InlineData(1, '\u2028')]
    [InlineData(1, '\u2029')]
    public async Task An_invisible_or_over_long_name_gets_400_and_leaves_no_row(int count, char c)
    {
        using var user4 = await ApiClient.LogInAsync(Portal, "user4");
        var name = count == 1 ? $"a{c}b.txt" : new string(c, count);

        var reply = await user4.Http.SendAsync(Put(name, "content"));

        await ApiClient.AssertErrorAsync(reply, HttpStatusCode.BadRequest);
        Assert.Null((await Portal.Grains.GetFile(GrainKeys.DefaultNetwork, FileKey.Compute(name)).LocateAsync()).Location);
        Assert.DoesNotContain(Directory.EnumerateFiles(Portal.FolderOf("user4")), f => Path.GetFileName(f).Contains(c));
    }

    [Fact]
    public async Task A_name_the_folder_cannot_take_is_never_announced()
    {
        using var user4 = await ApiClient.LogInAsync(Portal, "user4");
        var name = $"Blocked-{Guid.NewGuid():N}.txt";
        Directory.CreateDirectory(Portal.PathIn("user4", name)); // the rename into place fails, as a too-long name did

        var reply = await user4.Http.SendAsync(Put(name, "content"));

        Assert.Contains("could not be placed", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Null((await Portal.Grains.GetFile(GrainKeys.DefaultNetwork, FileKey.Compute(name)).LocateAsync()).Location);
        Assert.DoesNotContain(name, await user4.Http.GetStringAsync("/api/tracker.txt"), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Portal.FolderOf("user4"), ".p2p"), "up-*"));

        // The key stays usable: once the folder can take the name, the same save succeeds.
        Directory.Delete(Portal.PathIn("user4", name));
        Assert.Equal(HttpStatusCode.Created, (await user4.Http.SendAsync(Put(name, "content"))).StatusCode);
    }

    [Theory]
    [InlineData("USER1")]
    [InlineData("User7")]
    public async Task A_username_that_is_not_lowercase_gets_400_with_the_reason(string username)
    {
        using var client = new ApiClient(Portal);

        var reply = await client.Http.PostAsJsonAsync("/api/signup", new { username, password = "long-enough-password" });

        Assert.Contains("lowercase", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Portal.FolderOf(username)) && !Directory.Exists(Portal.FolderOf(username.ToLowerInvariant())));
        Assert.DoesNotContain(await Portal.Grains.GetTracker().ListPeersAsync(), p => p.Username == username);
    }

    private static HttpRequestMessage Put(string name, string content) =>
        new(HttpMethod.Put, $"/api/files/{Uri.EscapeDataString(name)}") { Content = new StringContent(content, Encoding.UTF8, "text/plain") };
}

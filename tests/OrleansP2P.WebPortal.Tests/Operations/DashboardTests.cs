using System.Net;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>The Orleans dashboard at /dashboard: only for the accounts in P2P:Admins.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_refuses_a_non_admin_and_serves_an_admin()
    {
        await using var portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:Admins"] = "user1" }).StartAsync();

        using var anonymous = new ApiClient(portal);
        var nobody = await anonymous.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, nobody.StatusCode);
        Assert.StartsWith("/login", nobody.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var user4 = await ApiClient.LogInAsync(portal, "user4");
        Assert.Equal(HttpStatusCode.Forbidden, (await user4.Http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user4.Http.GetAsync("/dashboard/version")).StatusCode);

        using var user1 = await ApiClient.LogInAsync(portal, "user1");
        var page = await user1.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}

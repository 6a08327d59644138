using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Operations;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Two hosts in the browser: user1 lives on host A, user6 on host B, each signed in to their own host's portal.
/// What user1 sees of user6 when host B goes down (the peer list), and of File1.txt's holders when an edit cannot
/// reach user6 (the holders panel), until B returns and user6 catches up.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HostsDownTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Edited = "File1.txt, edited by user1 while host B was down.\n";

    private static ILocator PeerItem(PortalSession session, string user) =>
        session.Page.GetByTestId("peers").Locator(".mud-list-item").Filter(new() { Has = session.Page.GetByTestId($"peer-{user}") });

    [RedisFact]
    public async Task User1_sees_user6_signed_in_and_reachable_then_neither_with_its_last_seen_once_host_B_is_down()
    {
        await using var hosts = await TwoHosts.StartAsync();
        await hosts.SignUpOnBAsync("user6");
        await using var user1 = await PortalSession.OpenAsync(chromium.Browser, hosts.A);
        await using var user6 = await PortalSession.OpenAsync(chromium.Browser, hosts.B!);
        await user1.LogInAsync("user1", "password1");
        await user6.LogInAsync("user6", "password6");

        await Expect(PeerItem(user1, "user6")).ToContainTextAsync(new Regex(@"user6\s*on B\s*signed in\s*reachable\s*seen now"));
        await Expect(PeerItem(user6, "user1")).ToContainTextAsync(new Regex(@"user1\s*on A\s*signed in\s*reachable"));

        // user6 gets a copy of File1.txt from user1: user1 served one file, every byte of it.
        await user6.Button("Get a copy of File1.txt").ClickAsync();
        await Expect(user6.Cell(user6.MyFileRow("File1.txt"), "Held")).ToHaveTextAsync("whole");
        var size = System.Text.Encoding.UTF8.GetByteCount(DemoNetwork.File1);
        await Expect(PeerItem(user1, "user1")).ToContainTextAsync($"served 1 file, {size} B", new() { Timeout = 30_000 });

        // The network's news reaches user1 as a toast; measure the page once it is there, not while it fades in.
        await Expect(user1.Snackbar("user6 has File1.txt")).ToBeVisibleAsync();
        var found = await Axe.SeriousViolationsAsync(user1.Page, "the peer list with a peer on another host");
        Assert.True(!found.Any(), string.Join("\n", found));

        await hosts.StopBAsync();

        // No reload: the list reads itself again every few seconds.
        await Expect(PeerItem(user1, "user6")).ToContainTextAsync(new Regex(@"user6\s*on B\s*signed out\s*not reachable\s*last seen"), new() { Timeout = 30_000 });
        await Expect(PeerItem(user1, "user1")).ToContainTextAsync(new Regex(@"signed in\s*reachable"));
        output.WriteLine($"Screenshot: {await user1.ScreenshotAsync("user1-peers-host-B-down")}");

        await using var narrow = await PortalSession.OpenAsync(chromium.Browser, hosts.A, width: 390);
        await narrow.LogInAsync("user2", "password2");
        await Expect(PeerItem(narrow, "user6")).ToContainTextAsync("not reachable");
        var past = await NarrowScreenTests.PastTheEdgeAsync(narrow.Page, "the peer list with host B down");
        Assert.True(!past.Any(), string.Join("\n", past));
    }

    [RedisFact]
    public async Task User1s_edit_leaves_user6_waiting_for_host_B_in_the_holders_panel_until_B_returns()
    {
        await using var hosts = await TwoHosts.StartAsync();
        await hosts.SignUpOnBAsync("user6");
        using (var user6 = await ApiClient.LogInAsync(hosts.B!, "user6"))
        {
            Assert.Equal(HttpStatusCode.OK, (await user6.Http.PostAsync("/api/files/File1.txt/download", null)).StatusCode);
        }

        await using var user1 = await PortalSession.OpenAsync(chromium.Browser, hosts.A);
        await user1.LogInAsync("user1", "password1");
        var panel = await OpenHoldersAsync(user1, "File1.txt");
        await Expect(panel.GetByTestId("holders-summary")).ToContainTextAsync("2 of 2 up to date");
        await panel.Locator(".mud-dialog-actions").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);

        await hosts.StopBAsync();
        await user1.Button("Edit File1.txt").ClickAsync();
        var editor = user1.Page.GetByRole(AriaRole.Dialog, new() { Name = "Edit File1.txt" });
        await editor.GetByLabel("Content of File1.txt").FillAsync(Edited);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // The save left user6 pending: the holders panel opens by itself, and says why and since when.
        panel = user1.Page.GetByRole(AriaRole.Dialog, new() { Name = "Holders of File1.txt" });
        await Expect(panel.GetByTestId("holders-summary")).ToContainTextAsync("Version 2: 1 of 2 up to date, 1 waiting for host B");
        await Expect(panel.GetByTestId("holder-state-user6")).ToHaveTextAsync("not reachable (host B is down)");
        await Expect(panel.GetByTestId("holder-state-user1")).ToHaveTextAsync("up to date");
        await Expect(panel.Locator("td[data-label='Since'] time")).ToHaveCountAsync(1);
        var found = await Axe.SeriousViolationsAsync(user1.Page, "the holders panel with a holder waiting");
        Assert.True(!found.Any(), string.Join("\n", found));
        output.WriteLine($"Screenshot: {await user1.ScreenshotAsync("user1-holders-waiting-for-B")}");

        await using (var narrow = await PortalSession.OpenAsync(chromium.Browser, hosts.A, width: 390))
        {
            await narrow.LogInAsync("user1", "password1");
            var small = await OpenHoldersAsync(narrow, "File1.txt");
            await Expect(small.GetByTestId("holders-summary")).ToContainTextAsync("1 waiting for host B");
            var past = await NarrowScreenTests.PastTheEdgeAsync(narrow.Page, "the holders panel");
            Assert.True(!past.Any(), string.Join("\n", past));
        }

        // Host B returns: user6 gets version 2, and the panel user1 kept open says so.
        await hosts.StartBAsync();
        await Expect(panel.GetByTestId("holders-summary")).ToContainTextAsync("Version 2: 2 of 2 up to date", new() { Timeout = 60_000 });
        await Expect(panel.GetByTestId("holder-state-user6")).ToHaveTextAsync("up to date");
        Assert.Equal(Edited, Eventually.ReadText(hosts.PathOnB("user6", "File1.txt")));
    }

    private static async Task<ILocator> OpenHoldersAsync(PortalSession session, string name)
    {
        await session.Button($"Holders of {name}").ClickAsync();
        var panel = session.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Holders of {name}" });
        await Expect(panel.GetByTestId("holders-summary")).ToBeVisibleAsync();
        return panel;
    }
}

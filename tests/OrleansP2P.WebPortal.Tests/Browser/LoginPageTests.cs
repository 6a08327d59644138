using OrleansP2P.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>"Tracker server must handle the case if a wrong username or password are entered."</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoginPageTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Wrong_password_shows_the_error_and_keeps_the_username()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        await user4.SubmitLoginAsync("user4", "not-the-password");

        await Expect(user4.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid username or password");
        await Expect(user4.Page.GetByLabel("Username")).ToHaveValueAsync("user4");
        await Expect(user4.Page.GetByLabel("Password")).ToHaveValueAsync("");
        Assert.Equal("/login", new Uri(user4.Page.Url).AbsolutePath);
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_message_as_a_wrong_password()
    {
        await using var stranger = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        await stranger.SubmitLoginAsync("nobody", "whatever-it-is");

        await Expect(stranger.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid username or password");
    }

    [Fact]
    public async Task The_dashboard_sends_a_visitor_without_a_login_to_the_login_page()
    {
        await using var visitor = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        await visitor.Page.GotoAsync("/");

        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await Expect(visitor.Button("Log in")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_right_password_opens_the_dashboard_of_that_peer()
    {
        await using var user2 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);

        await user2.LogInAsync("user2", "password2");

        await Expect(user2.Page.GetByTestId("current-user")).ToHaveTextAsync("user2");
        await Expect(user2.Cell(user2.MyFileRow("File2.txt"), "Held")).ToHaveTextAsync("part 1/2");
    }

    [Fact]
    public async Task Signing_up_creates_a_new_peer_with_its_own_folder_and_logs_it_in()
    {
        await using var user5 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await user5.Page.GotoAsync("/signup");
        // The form offers the live hosts, the portal's own preselected.
        var host = Assert.Single(await fixture.Portal.Grains.GetHostRegistry().ListHostsAsync()).Name;
        await Expect(user5.Page.GetByTestId("signup-host")).ToHaveValueAsync(host);
        Assert.Equal([host], await user5.Page.GetByTestId("signup-host").Locator("option").AllTextContentsAsync());
        await user5.Page.GetByLabel("Username").FillAsync("user5");
        await user5.Page.GetByLabel("Password").FillAsync("password5");
        await user5.Button("Create peer").ClickAsync();

        await user5.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit });
        await user5.WaitUntilInteractiveAsync();
        await Expect(user5.Page.GetByTestId("current-user")).ToHaveTextAsync("user5");
        await Expect(user5.Page.GetByTestId("my-files")).ToContainTextAsync("Your folder has no shared files yet");
        await Expect(user5.Page.GetByTestId("peer-user5")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"user5\s*\(you\)\s*on {host}\s*signed in"));
        Assert.True(Directory.Exists(fixture.Portal.FolderOf("user5")));
    }

    [Fact]
    public async Task Logging_out_ends_the_session_and_the_dashboard_needs_a_login_again()
    {
        await using var user1 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await user1.LogInAsync("user1", "password1");

        await user1.Button("Log out").ClickAsync();

        await user1.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        Assert.False(await fixture.Portal.Grains.GetTracker().IsOnlineAsync("user1"));
        await user1.Page.GotoAsync("/");
        await user1.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
    }
}

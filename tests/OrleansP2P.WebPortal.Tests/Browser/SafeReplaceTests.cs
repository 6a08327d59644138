using System.Text;
using Microsoft.Playwright;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// user4, holding File3.txt as user3 does, uploads another File3.txt from its computer: the portal asks before replacing everyone's
/// copy and says the history keeps the old one. Cancel leaves every folder as it was; Replace makes user4's file the
/// next version at user3 too, and version 1 stays in user3's history, where the History dialog lists it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SafeReplaceTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Mine = "user4's own File3.txt, from its computer.\n";

    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Uploading_a_name_the_network_has_asks_first_cancel_keeps_everyones_copy_and_replace_keeps_the_old_in_history()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        await GetCopyAsync(user4);

        var question = await UploadAsync(user4);
        await Expect(question).ToContainTextAsync("The network already has File3.txt (version 1), held by user3, user4");
        await Expect(question).ToContainTextAsync("everyone's copy is replaced");
        await Expect(question).ToContainTextAsync("The history keeps version 1");
        var found = await Axe.SeriousViolationsAsync(user4.Page, "the replace question");
        Assert.True(!found.Any(), string.Join("\n", found));
        await question.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(user4.Snackbar("Nothing uploaded: everyone keeps their copy of File3.txt")).ToBeVisibleAsync();
        await Expect(question).ToHaveCountAsync(0);
        foreach (var holder in new[] { "user3", "user4" })
        {
            Assert.Equal(DemoNetwork.File3, Eventually.ReadText(_portal.PathIn(holder, "File3.txt")));
        }

        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("1");

        question = await UploadAsync(user4);
        await question.GetByRole(AriaRole.Button, new() { Name = "Replace everyone's copy" }).ClickAsync();

        await Expect(user4.Snackbar("Uploaded File3.txt as version 2")).ToBeVisibleAsync();
        foreach (var holder in new[] { "user3", "user4" })
        {
            await Eventually.TrueAsync(() => Eventually.ReadText(_portal.PathIn(holder, "File3.txt")) == Mine, $"{holder}'s File3.txt is user4's");
        }

        var kept = Path.Combine(_portal.FolderOf("user3"), ".p2p", "history", FileKey.Compute("File3.txt"), "v1");
        Assert.Equal(DemoNetwork.File3, Eventually.ReadText(kept));
        await Expect(user3.Cell(user3.MyFileRow("File3.txt"), "Version")).ToHaveTextAsync("2");
        await user3.Button("History of File3.txt").ClickAsync();
        var history = user3.Page.GetByRole(AriaRole.Dialog, new() { Name = "History of File3.txt" });
        await Expect(history.GetByRole(AriaRole.Button, new() { Name = "Restore version 1 of File3.txt" })).ToBeEnabledAsync();
        output.WriteLine($"Screenshot: {await user3.ScreenshotAsync("user3-history-after-replace")}");
    }

    [Fact]
    public async Task On_a_390_px_phone_the_replace_question_has_nothing_past_the_right_edge()
    {
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal, width: 390);
        await Settled.SlowAnimationsAsync(user4.Page);
        await user4.LogInAsync("user4", "password4");
        await GetCopyAsync(user4);

        await UploadAsync(user4);

        var found = await NarrowScreenTests.PastTheEdgeAsync(user4.Page, "the replace question");
        Assert.True(!found.Any(), string.Join("\n", found));
    }

    private static async Task GetCopyAsync(PortalSession user4)
    {
        await user4.Button("Get a copy of File3.txt").ClickAsync();
        await Expect(user4.Cell(user4.MyFileRow("File3.txt"), "Held")).ToHaveTextAsync("whole");
    }

    private static async Task<ILocator> UploadAsync(PortalSession user4)
    {
        var chooser = await user4.Page.RunAndWaitForFileChooserAsync(() => user4.Button("Upload files").ClickAsync());
        await chooser.SetFilesAsync([new FilePayload { Name = "File3.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(Mine) }]);
        var question = user4.Page.GetByRole(AriaRole.Dialog, new() { Name = "Replace File3.txt for everyone?" });
        await Expect(question).ToBeVisibleAsync();
        return question;
    }
}

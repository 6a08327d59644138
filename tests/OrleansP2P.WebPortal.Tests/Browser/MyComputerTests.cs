using System.Text;
using Microsoft.Playwright;
using OrleansP2P.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>Files between the user's own computer and its peer: upload, save a copy, and files dropped into the folder.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MyComputerTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task User2_uploads_a_file_from_its_computer_and_the_network_knows_it_at_once()
    {
        var portal = fixture.Portal;
        await using var user2 = await PortalSession.OpenAsync(chromium.Browser, portal);
        await user2.LogInAsync("user2", "password2");
        var content = "Notes that user2 uploads from its computer.\n";

        var chooser = await user2.Page.RunAndWaitForFileChooserAsync(() => user2.Button("Upload files").ClickAsync());
        Assert.True(chooser.IsMultiple, "the file picker takes several files at once");
        await chooser.SetFilesAsync([
            new FilePayload { Name = "Notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(content) },
            new FilePayload { Name = "Todo.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("user2's list\n") },
        ]);

        // One action, one toast, naming both files.
        await Expect(user2.Snackbar("Uploaded 2 files: Notes.txt, Todo.txt")).ToBeVisibleAsync();
        await Expect(user2.Page.Locator(".mud-snackbar")).ToHaveCountAsync(1);
        await Eventually.TrueAsync(() => Eventually.ReadText(portal.PathIn("user2", "Notes.txt")) == content, "user2's folder has Notes.txt");
        await Eventually.TrueAsync(() => Eventually.ReadText(portal.PathIn("user2", "Todo.txt")) == "user2's list\n", "user2's folder has Todo.txt");
        await Expect(user2.Cell(user2.MyFileRow("Notes.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user2.Cell(user2.NetworkFileRow("Notes.txt"), "Holders")).ToContainTextAsync("user2");
    }

    [Fact]
    public async Task User1_saves_its_copy_of_File1_to_its_computer()
    {
        await using var user1 = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await user1.LogInAsync("user1", "password1");

        var download = await user1.Page.RunAndWaitForDownloadAsync(() =>
            user1.Page.GetByRole(AriaRole.Link, new() { Name = "Save to my computer: File1.txt" }).ClickAsync());

        Assert.Equal("File1.txt", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"p2p-save-{Guid.NewGuid():N}.txt");
        try
        {
            await download.SaveAsAsync(saved);
            Assert.Equal(DemoNetwork.File1, await File.ReadAllTextAsync(saved));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Rescan_shares_a_file_dropped_into_the_folder()
    {
        var portal = fixture.Portal;
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, portal);
        await user3.LogInAsync("user3", "password3");
        await File.WriteAllTextAsync(portal.PathIn("user3", "Dropped.txt"), "Put into the folder by hand.\n");

        await user3.Button("Rescan my folder").ClickAsync();

        await Expect(user3.Snackbar("Rescanned your folder")).ToBeVisibleAsync();
        await Expect(user3.Cell(user3.MyFileRow("Dropped.txt"), "Held")).ToHaveTextAsync("whole");
        await Expect(user3.Cell(user3.NetworkFileRow("Dropped.txt"), "Holders")).ToContainTextAsync("user3");
    }
}

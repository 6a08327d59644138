using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class FileUploaderTests : MudComponentTest
{
    private readonly FakePeer _user2 = new("user2");

    [Fact]
    public async Task A_file_within_the_limit_is_saved_into_the_peers_folder_and_announced()
    {
        SaveReply? saved = null;
        var uploader = Context.Render<FileUploader>(p => p
            .Add(u => u.Peer, _user2.Grain)
            .Add(u => u.MaxBytes, 1024)
            .Add(u => u.OnSaved, (SaveReply r) => saved = r));

        uploader.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("notes from user2\n", "Notes.txt"));

        await uploader.WaitForAssertionAsync(() => Assert.NotNull(saved));
        Assert.Equal(P2PStatus.Created, saved!.Status);
        Assert.Null(_user2.Saves.Single().BaseVersion);
        Assert.Equal("notes from user2\n", System.Text.Encoding.UTF8.GetString(_user2.ContentOf("Notes.txt")));
        Assert.Contains(Snackbars(), s => s.Contains("Uploaded Notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_files_are_saved_one_after_another_with_one_toast_and_a_refused_one_its_own()
    {
        var saves = 0;
        var uploader = Context.Render<FileUploader>(p => p
            .Add(u => u.Peer, _user2.Grain)
            .Add(u => u.MaxBytes, 64)
            .Add(u => u.OnSaved, (SaveReply _) => saves++));

        uploader.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("first\n", "A.txt"),
            InputFileContent.CreateFromText(new string('x', 100), "Big.txt"),
            InputFileContent.CreateFromText("third\n", "C.txt"));

        await uploader.WaitForAssertionAsync(() => Assert.Equal(1, saves));
        Assert.Equal(["A.txt", "C.txt"], _user2.Saves.Select(s => s.Name));
        Assert.Equal("third\n", System.Text.Encoding.UTF8.GetString(_user2.ContentOf("C.txt")));
        Assert.Contains(Snackbars(), s => s == "Uploaded 2 files: A.txt, C.txt; the network knows them now");
        Assert.Contains(Snackbars(), s => s.StartsWith("413", StringComparison.Ordinal) && s.Contains("Big.txt", StringComparison.Ordinal));
        Assert.Empty(uploader.FindAll("[data-testid='upload-progress']"));
    }

    [Theory]
    [InlineData(0, 1000, 0, "Uploading Notes.txt · 0%")]
    [InlineData(420, 1000, 1000, "Uploading Notes.txt · 42% · 420 B/s")]
    [InlineData(999, 1000, 500, "Uploading Notes.txt · 99% · 2 KiB/s")]
    [InlineData(3L * 1024 * 1024, 4L * 1024 * 1024, 2000, "Uploading Notes.txt · 75% · 1.5 MiB/s")]
    public void The_upload_text_gives_the_whole_percent_the_bar_shows_and_the_speed_so_far(long sent, long total, int milliseconds, string expected)
    {
        var progress = new UploadProgress("Notes.txt", 1, 1, sent, total, TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, progress.Text);
        Assert.Contains($"{progress.Percent}%", progress.Text);
    }

    [Fact]
    public void With_several_files_the_text_says_which_one_is_under_way() =>
        Assert.Equal("Uploading B.txt (2 of 3) · 50% · 512 B/s", new UploadProgress("B.txt", 2, 3, 512, 1024, TimeSpan.FromSeconds(1)).Text);

    [Fact]
    public void A_file_over_the_limit_is_refused_with_413_before_any_byte_moves()
    {
        var uploader = Context.Render<FileUploader>(p => p.Add(u => u.Peer, _user2.Grain).Add(u => u.MaxBytes, 8));

        uploader.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("more than eight bytes", "Big.txt"));

        Assert.Contains(Snackbars(), s => s.StartsWith("413", StringComparison.Ordinal) && s.Contains("Big.txt", StringComparison.Ordinal));
        Assert.Empty(_user2.Saves);
    }

    [Fact]
    public void A_name_the_protocol_refuses_is_refused_with_400()
    {
        var uploader = Context.Render<FileUploader>(p => p.Add(u => u.Peer, _user2.Grain).Add(u => u.MaxBytes, 1024));

        uploader.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "Tracker.txt"));

        Assert.Contains(Snackbars(), s => s.StartsWith("400", StringComparison.Ordinal));
        Assert.Empty(_user2.Saves);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_name_the_network_has_is_uploaded_only_once_the_user_says_replace(bool replace)
    {
        var dialogs = Context.Render<MudDialogProvider>();
        _user2.Put("File3.txt", "the network's File3.txt\n", author: "user3");
        var existing = new NetworkFile(FileKey.Compute("File3.txt"), "File3.txt", ["user2", "user3"], []);
        var saves = 0;
        var uploader = Context.Render<FileUploader>(p => p
            .Add(u => u.Peer, _user2.Grain)
            .Add(u => u.MaxBytes, 1024)
            .Add(u => u.NetworkFiles, [existing])
            .Add(u => u.OnSaved, (SaveReply _) => saves++));

        // bUnit's UploadFiles returns when the upload handler does, which waits for the answer: it runs beside the test.
        var input = uploader.FindComponent<InputFile>();
        var uploading = Task.Run(() => input.UploadFiles(InputFileContent.CreateFromText("user2's File3.txt\n", "File3.txt")));

        await dialogs.WaitForAssertionAsync(() => Assert.Contains("Replace File3.txt for everyone?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("The network already has File3.txt (version 1), held by user2, user3", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("The history keeps version 1", dialogs.Markup, StringComparison.Ordinal);
        Assert.Empty(_user2.Saves);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == (replace ? ReplacePrompt.ReplaceText : "Cancel")).ClickAsync(new());
        await uploading.WaitAsync(TimeSpan.FromSeconds(30));

        if (replace)
        {
            await uploader.WaitForAssertionAsync(() => Assert.Equal(1, saves));
            Assert.Equal("user2's File3.txt\n", System.Text.Encoding.UTF8.GetString(_user2.ContentOf("File3.txt")));
        }
        else
        {
            await uploader.WaitForAssertionAsync(() => Assert.Contains(Snackbars(), s => s.StartsWith("Nothing uploaded", StringComparison.Ordinal)));
            Assert.Empty(_user2.Saves);
            Assert.Equal(0, saves);
            Assert.Equal("the network's File3.txt\n", System.Text.Encoding.UTF8.GetString(_user2.ContentOf("File3.txt")));
        }
    }

    private IEnumerable<string> Snackbars() =>
        Context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");
}

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

    private IEnumerable<string> Snackbars() =>
        Context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");
}

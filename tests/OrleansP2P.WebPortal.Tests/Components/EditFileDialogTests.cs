using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Tests.Components;

public sealed class EditFileDialogTests : MudComponentTest
{
    private readonly FakePeer _user4 = new("user4");

    [Fact]
    public async Task Save_sends_the_edit_based_on_the_version_loaded_and_closes_with_the_reply()
    {
        var file = _user4.Put("File3.txt", "version one\n");
        var (provider, dialog) = await ShowAsync(file);
        await provider.WaitForAssertionAsync(() => Assert.Equal("version one\n", Editor(provider).GetAttribute("value") ?? Editor(provider).TextContent));

        Editor(provider).Input("version two\n");
        Button(provider, "Save").Click();

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(P2PStatus.Ok, Assert.IsType<SaveReply>(result.Data).Status);
        Assert.Equal(1, _user4.Saves.Single().BaseVersion);
        Assert.Equal("version two\n", Encoding.UTF8.GetString(_user4.ContentOf("File3.txt")));
    }

    [Fact]
    public async Task A_stale_save_shows_409_side_by_side_and_Keep_theirs_brings_the_new_version_with_the_edit_kept_beside_it()
    {
        var (provider, _) = await SaveOverUser3sVersionAsync();
        Assert.Equal("user3's version two\n", Encoding.UTF8.GetString(_user4.ContentOf("File3.txt")));

        Button(provider, "Keep theirs").Click();

        await provider.WaitForAssertionAsync(() => Assert.Empty(provider.FindAll("[data-testid='edit-conflict']")));
        Assert.Empty(provider.FindAll("[data-testid='diff-mine']"));
        var areas = provider.FindAll("textarea");
        Assert.Equal(2, areas.Count);
        Assert.Equal("user3's version two\n", areas[0].GetAttribute("value") ?? areas[0].TextContent);
        Assert.Equal("user4's edit\n", areas[1].GetAttribute("value") ?? areas[1].TextContent);
        Assert.Contains("Editing version 2", provider.Markup);
        Assert.False(Button(provider, "Save").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Keep_mine_after_a_409_saves_the_edit_as_the_version_after_the_current_one()
    {
        var (provider, dialog) = await SaveOverUser3sVersionAsync();

        Button(provider, "Keep mine").Click();

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal([1L, 2L], _user4.Saves.Select(s => s.BaseVersion ?? 0));
        Assert.Equal("user4's edit\n", Encoding.UTF8.GetString(_user4.ContentOf("File3.txt")));
    }

    [Fact]
    public async Task Merge_by_editing_after_a_409_edits_the_draft_beside_the_current_version_and_saves_on_it()
    {
        var (provider, dialog) = await SaveOverUser3sVersionAsync();

        Button(provider, "Merge by editing").Click();

        await provider.WaitForAssertionAsync(() => Assert.Equal(2, provider.FindAll("textarea").Count));
        Assert.Equal("user3's version two\n", provider.FindAll("textarea")[1].GetAttribute("value") ?? provider.FindAll("textarea")[1].TextContent);
        Editor(provider).Input("user3's version two\nuser4's edit\n");
        Button(provider, "Save").Click();
        await dialog.Result;
        Assert.Equal(2L, _user4.Saves[^1].BaseVersion);
        Assert.Equal("user3's version two\nuser4's edit\n", Encoding.UTF8.GetString(_user4.ContentOf("File3.txt")));
    }

    /// <summary>user4 edits version 1 while user3 saves version 2; user4's save is refused and shows both side by side.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> SaveOverUser3sVersionAsync()
    {
        var file = _user4.Put("File3.txt", "version one\n");
        var (provider, dialog) = await ShowAsync(file);
        await provider.WaitForAssertionAsync(() => Assert.Single(provider.FindAll("textarea")));
        _user4.Put("File3.txt", "user3's version two\n", author: "user3");

        Editor(provider).Input("user4's edit\n");
        Button(provider, "Save").Click();

        await provider.WaitForAssertionAsync(() => Assert.Contains("user4's edit", provider.Find("[data-testid='diff-mine']").TextContent));
        Assert.Contains("409", provider.Find("[data-testid='edit-conflict']").TextContent);
        Assert.Contains("user3 saved version 2 of File3.txt after this edit began from version 1", provider.Find("[data-testid='edit-conflict']").TextContent);
        Assert.Contains("user3's version two", provider.Find("[data-testid='diff-theirs']").TextContent);
        Assert.Contains("Current: version 2, saved by user3", provider.Find("[data-testid='diff-theirs']").TextContent);
        Assert.Empty(provider.FindAll("textarea"));
        return (provider, dialog);
    }

    [Fact]
    public async Task A_binary_file_is_not_opened_as_text()
    {
        var file = _user4.Put("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0xFE]);
        var (provider, _) = await ShowAsync(file);

        await provider.WaitForAssertionAsync(() => Assert.Contains("is not a text file", provider.Markup));
        Assert.Empty(provider.FindAll("textarea"));
        Assert.True(Button(provider, "Save").HasAttribute("disabled"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync(FileDescriptor file)
    {
        Context.Render<MudPopoverProvider>();
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<EditFileDialog>
        {
            { d => d.Peer, _user4.Grain },
            { d => d.Username, _user4.Username },
            { d => d.File, file },
        };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<EditFileDialog>($"Edit {file.Name}", parameters));
        return (provider, reference!);
    }

    private static AngleSharp.Dom.IElement Editor(IRenderedComponent<MudDialogProvider> provider) => provider.FindAll("textarea")[0];

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == text);
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Conflicts;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>The conflict dialog's choices: a text file may be merged by editing; any other file only kept or dropped.</summary>
public sealed class ConflictDialogTests : MudComponentTest
{
    private const string Copy = "picture.sync-conflict-20261207-101010-user3.png";

    private readonly FakePeer _user3 = new("user3");

    [Fact]
    public async Task A_file_that_is_not_text_offers_only_Keep_mine_and_Keep_theirs_and_Keep_mine_names_the_current_version()
    {
        _user3.Put("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]);
        _user3.Put("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x02], author: "user4");
        _user3.Put(Copy, [0x89, 0x50, 0x4E, 0x47, 0x00, 0x03]);
        var (provider, dialog) = await ShowAsync("picture.png");

        await provider.WaitForAssertionAsync(() => Assert.Contains("is not UTF-8 text", provider.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(provider.FindAll("button"), b => b.TextContent.Trim() == "Merge by editing");
        Assert.Empty(provider.FindAll("textarea"));
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Keep mine").Click();

        Assert.False((await dialog.Result)!.Canceled);
        Assert.Equal(new ResolveRequest(Copy, KeepCopy: true, BaseVersion: 2), _user3.Resolves.Single());
    }

    [Fact]
    public async Task A_text_file_shows_both_sides_marked_and_offers_Merge_by_editing()
    {
        _user3.Put("notes.txt", "same\ntheirs\n", author: "user4");
        _user3.Put("notes.sync-conflict-20261207-101010-user3.txt", "same\nmine\n");
        var (provider, _) = await ShowAsync("notes.txt", "notes.sync-conflict-20261207-101010-user3.txt");

        await provider.WaitForAssertionAsync(() => Assert.Single(provider.FindAll("[data-testid='diff-mine'] .p2p-diff-modified")));
        Assert.Contains("mine", provider.Find("[data-testid='diff-mine'] .p2p-diff-modified").TextContent, StringComparison.Ordinal);
        Assert.Contains("theirs", provider.Find("[data-testid='diff-theirs'] .p2p-diff-modified").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(provider.FindAll(".p2p-diff-line"), l => l.TextContent.Contains("same", StringComparison.Ordinal) && l.ClassList.Length > 1);

        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Merge by editing").Click();

        await provider.WaitForAssertionAsync(() => Assert.Equal("same\nmine\n", provider.Find("textarea").GetAttribute("value") ?? provider.Find("textarea").TextContent));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync(string original, string copy = Copy)
    {
        Context.Render<MudPopoverProvider>();
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ConflictDialog>
        {
            { d => d.Peer, _user3.Grain },
            { d => d.Username, _user3.Username },
            { d => d.Copy, new ConflictCopy(copy, original, "user3", DateTimeOffset.UnixEpoch, null, ["user3"]) },
        };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ConflictDialog>($"Resolve the conflict in {original}", parameters));
        return (provider, reference!);
    }
}

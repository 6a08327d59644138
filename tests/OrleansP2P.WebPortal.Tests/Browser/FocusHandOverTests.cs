namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// After an action replaces the control that had focus ("Get a copy" becomes "You have it"), focus goes to the
/// replacement, whichever comes first: the action's end or the refresh that renders the replacement.
/// portal.js's <c>p2pFocus.keep</c> is driven directly, so each order is played deterministically.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FocusHandOverTests(ChromiumFixture chromium, PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task The_replacement_rendered_after_the_action_ended_still_gets_focus()
    {
        var focusedId = await FocusedAfterAsync("""
            stage.button().focus();
            p2pFocus.keep('you-have-it');       // the action ended; the refresh has not come yet
            await stage.tick();
            stage.render();                     // the refresh replaces the button with "You have it"
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    [Fact]
    public async Task The_replacement_already_rendered_gets_focus_at_once()
    {
        var focusedId = await FocusedAfterAsync("""
            stage.render();
            document.activeElement?.blur();
            p2pFocus.keep('you-have-it');
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    [Fact]
    public async Task Focus_the_user_moved_elsewhere_meanwhile_stays_where_the_user_put_it()
    {
        var focusedId = await FocusedAfterAsync("""
            stage.button().focus();
            p2pFocus.keep('you-have-it');
            stage.search().focus();             // the user tabbed on while the refresh was coming
            stage.render();
            """);
        Assert.Equal("search", focusedId);
    }

    [Fact]
    public async Task The_replacement_rendered_anew_by_a_later_refresh_keeps_focus()
    {
        var focusedId = await FocusedAfterAsync("""
            stage.button().focus();
            p2pFocus.keep('you-have-it');
            stage.render();                     // the download's own refresh
            await stage.tick();
            stage.render();                     // the tracker's event: the row rendered anew
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    /// <summary>
    /// Runs a story on the login page (portal.js is on every page) and answers the id of the element that has focus
    /// a moment later. The stage stands in for the dashboard's row: a "Get a copy" button, a search box, and a
    /// render that replaces the row's control with a new "You have it".
    /// </summary>
    private async Task<string> FocusedAfterAsync(string story)
    {
        await using var session = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await session.Page.GotoAsync("/login");
        await session.Page.WaitForFunctionAsync("() => window.p2pFocus !== undefined");
        return await session.Page.EvaluateAsync<string>($$"""
            async () => {
                const add = (tag, id) => {
                    document.getElementById(id)?.remove();
                    const element = document.createElement(tag);
                    element.id = id;
                    element.tabIndex = -1;
                    document.body.appendChild(element);
                    return element;
                };
                const stage = {
                    button: () => add('button', 'get-a-copy'),
                    search: () => add('input', 'search'),
                    render: () => { document.getElementById('get-a-copy')?.remove(); add('span', 'you-have-it'); },
                    tick: () => new Promise(resolve => setTimeout(resolve, 50)),
                };
                {{story}}
                await stage.tick();
                return document.activeElement?.id ?? '';
            }
            """);
    }
}

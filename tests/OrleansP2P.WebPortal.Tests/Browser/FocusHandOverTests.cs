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
            async () => {
                const button = document.createElement('button');
                button.id = 'get-a-copy';
                document.body.appendChild(button);
                button.focus();
                window.p2pFocus.keep('you-have-it');            // the action ended; the refresh has not come yet
                await new Promise(r => setTimeout(r, 50));
                button.remove();                                 // the refresh replaces the button...
                const have = document.createElement('span');
                have.id = 'you-have-it';
                have.tabIndex = -1;
                document.body.appendChild(have);                 // ...with "You have it"
                await new Promise(r => setTimeout(r, 50));
                return document.activeElement?.id ?? '';
            }
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    [Fact]
    public async Task The_replacement_already_rendered_gets_focus_at_once()
    {
        var focusedId = await FocusedAfterAsync("""
            () => {
                const have = document.createElement('span');
                have.id = 'you-have-it';
                have.tabIndex = -1;
                document.body.appendChild(have);
                document.activeElement?.blur();
                window.p2pFocus.keep('you-have-it');
                return document.activeElement?.id ?? '';
            }
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    [Fact]
    public async Task Focus_the_user_moved_elsewhere_meanwhile_stays_where_the_user_put_it()
    {
        var focusedId = await FocusedAfterAsync("""
            async () => {
                const button = document.createElement('button');
                button.id = 'get-a-copy';
                const search = document.createElement('input');
                search.id = 'search';
                document.body.append(button, search);
                button.focus();
                window.p2pFocus.keep('you-have-it');
                search.focus();                                  // the user tabbed on while the refresh was coming
                button.remove();
                const have = document.createElement('span');
                have.id = 'you-have-it';
                have.tabIndex = -1;
                document.body.appendChild(have);
                await new Promise(r => setTimeout(r, 50));
                return document.activeElement?.id ?? '';
            }
            """);
        Assert.Equal("search", focusedId);
    }

    [Fact]
    public async Task The_replacement_rendered_anew_by_a_later_refresh_keeps_focus()
    {
        var focusedId = await FocusedAfterAsync("""
            async () => {
                const button = document.createElement('button');
                button.id = 'get-a-copy';
                document.body.appendChild(button);
                button.focus();
                window.p2pFocus.keep('you-have-it');
                const render = () => {
                    document.getElementById('get-a-copy')?.remove();
                    document.getElementById('you-have-it')?.remove();
                    const have = document.createElement('span');
                    have.id = 'you-have-it';
                    have.tabIndex = -1;
                    document.body.appendChild(have);
                };
                render();                                        // the download's own refresh
                await new Promise(r => setTimeout(r, 50));
                render();                                        // the tracker's event: the row rendered anew
                await new Promise(r => setTimeout(r, 50));
                return document.activeElement?.id ?? '';
            }
            """);
        Assert.Equal("you-have-it", focusedId);
    }

    /// <summary>Runs a story on the login page (portal.js is on every page) and answers the focused element's id.</summary>
    private async Task<string> FocusedAfterAsync(string story)
    {
        await using var session = await PortalSession.OpenAsync(chromium.Browser, fixture.Portal);
        await session.Page.GotoAsync("/login");
        await session.Page.WaitForFunctionAsync("() => window.p2pFocus !== undefined");
        return await session.Page.EvaluateAsync<string>(story);
    }
}

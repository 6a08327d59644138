namespace OrleansP2P.WebPortal.Components.Layout;

/// <summary>
/// Light or dark, decided on the server from the request's cookies so the first paint is already right:
/// the user's saved choice (<see cref="ChoiceCookie"/>) wins; without one the page follows the operating
/// system, which <c>wwwroot/portal.js</c> records in <see cref="SystemCookie"/>.
/// </summary>
public sealed class ThemeState
{
    public const string ChoiceCookie = "p2p-theme";
    public const string SystemCookie = "p2p-os-theme";

    public bool IsDark { get; set; }

    /// <summary>True once the user picked a theme; until then the page follows the operating system.</summary>
    public bool IsChosen { get; set; }

    public static ThemeState From(HttpContext? http)
    {
        var cookies = http?.Request.Cookies;
        return cookies?[ChoiceCookie] switch
        {
            "dark" => new ThemeState { IsDark = true, IsChosen = true },
            "light" => new ThemeState { IsDark = false, IsChosen = true },
            _ => new ThemeState { IsDark = cookies?[SystemCookie] == "dark" },
        };
    }
}

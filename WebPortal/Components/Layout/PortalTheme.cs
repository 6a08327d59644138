using MudBlazor;

namespace OrleansP2P.WebPortal.Components.Layout;

/// <summary>
/// The portal's colours: indigo for actions, teal for the signed-in user, in light and dark; status colours dark
/// enough for text (WCAG AA, 4.5:1 on the page and on the cards). The operating system's own fonts, so no page
/// asks another origin for a font: the portal works offline and inside a LAN.
/// </summary>
public static class PortalTheme
{
    public static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"];

    public static MudTheme Instance { get; } = Create();

    private static MudTheme Create()
    {
        var theme = new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = "#3949ab",
                Secondary = "#00695c",
                AppbarBackground = "#283593",
                Background = "#f5f6fa",
                Success = "#1b6e2f",
                Warning = "#8a4500",
                Error = "#b3261e",
                Info = "#1565c0",
                TextSecondary = "#4a4b57",
            },
            PaletteDark = new PaletteDark
            {
                Primary = "#8c9eff",
                PrimaryContrastText = "#0d1333",
                Secondary = "#4db6ac",
                SecondaryContrastText = "#002b27",
                TextSecondary = "#c7c8d4",
                AppbarBackground = "#1f2030",
                Success = "#66d17a",
                Warning = "#ffb74d",
                Error = "#ff8a80",
                Info = "#90caf9",
            },
        };

        var typography = theme.Typography;
        foreach (var style in new BaseTypography[]
                 {
                     typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
                     typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2, typography.Button,
                     typography.Caption, typography.Overline,
                 })
        {
            style.FontFamily = SystemFonts;
        }

        return theme;
    }
}

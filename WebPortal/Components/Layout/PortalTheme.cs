using MudBlazor;

namespace OrleansP2P.WebPortal.Components.Layout;

/// <summary>The portal's colours: indigo for actions, teal for the signed-in user, in light and dark.</summary>
public static class PortalTheme
{
    public static MudTheme Instance { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1f2030",
        },
    };
}

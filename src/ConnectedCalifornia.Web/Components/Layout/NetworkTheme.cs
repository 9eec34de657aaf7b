using MudBlazor;

namespace ConnectedCalifornia.Web.Components.Layout;

/// <summary>The one theme of the app: calm, high-contrast colours (WCAG AA on white) and system fonts.</summary>
public static class NetworkTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4e89",
            Secondary = "#00695c",
            Tertiary = "#8a4b00",
            AppbarBackground = "#17406f",
            AppbarText = "#ffffff",
            Background = "#f6f7f9",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2933",
            TextPrimary = "#1f2933",
            TextSecondary = "#4a5563",
            Success = "#1b6e3a",
            Warning = "#8a5a00",
            Error = "#b3261e",
            Info = "#1d4e89",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}

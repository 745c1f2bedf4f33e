
namespace UserConsole.App.Components;

/// <summary>The product's MudBlazor theme; colours chosen for WCAG AA contrast in both modes.</summary>
public static class UserConsoleTheme
{
    /// <summary>The class on the document's root element while the dark palette applies (set by the server from the
    /// theme cookie at the first paint, and by <c>userConsole.setTheme</c> on a switch).</summary>
    public const string DarkClass = "uc-dark";

    public static MudTheme Theme { get; } = Create(":root");

    /// <summary>The same theme, its variables scoped to a root carrying <see cref="DarkClass"/>: rendered with the
    /// dark palette after <see cref="Theme"/>'s light one, both once in the page's static head, so no circuit
    /// holds the theme's stylesheet and a switch is a class on the root, not a re-render.</summary>
    public static MudTheme DarkScoped { get; } = Create(":root." + DarkClass);

    private static MudTheme Create(string scope) => new()
    {
        PseudoCss = new PseudoCss { Scope = scope },
        PaletteLight = new PaletteLight
        {
            Primary = "#2754c5",
            Secondary = "#6a3fb5",
            AppbarBackground = "#1f2a44",
            AppbarText = "#ffffff",
            Background = "#f4f6fa",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2a44",
            TextPrimary = "#1a202c",
            TextSecondary = "#4a5568",
            Success = "#1b7a36",
            Warning = "#8a5300",
            Error = "#b3261e",
            Info = "#1d5fa8",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8fb0ff",
            Secondary = "#c6a7ff",
            AppbarBackground = "#151b2c",
            Background = "#10131c",
            Surface = "#1a2030",
            DrawerBackground = "#151b2c",
            TextPrimary = "#e8ecf4",
            TextSecondary = "#b7c0d1",
            Success = "#6fd08c",
            Warning = "#ffc26b",
            Error = "#ff8a80",
            Info = "#8cc4ff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "system-ui", "-apple-system", "sans-serif"] },
        },
    };
}

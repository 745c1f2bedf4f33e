namespace UserConsole.App.Components;

public static class ThemePreference
{
    public const string CookieName = "uc-theme";
    public const string CascadeName = "InitialDarkMode";
}

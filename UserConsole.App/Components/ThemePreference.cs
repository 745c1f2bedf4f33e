namespace UserConsole.App.Components;

public static class ThemePreference
{
    public const string CookieName = "uc-theme";
    public const string CascadeName = "InitialDarkMode";

    /// <summary>The browser's choice: over HTTPS only the __Host- prefixed cookie (as app.js sets it there).</summary>
    public static bool IsDark(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.IsHttps ? HostPrefixCookieManager.Prefix + CookieName : CookieName;
        return request.Cookies.TryGetValue(name, out var value) && value == "dark";
    }
}

namespace UserConsole.Domain.Sessions;

/// <summary>The browser and operating system of a User-Agent header, as a person names them ("Firefox",
/// "Windows"). Only well-known names are recognised; anything else reads "Unknown browser" / "Unknown system", so
/// a crafted header never puts its own words on a screen.</summary>
public sealed record ClientDescription(string Browser, string OperatingSystem)
{
    public static ClientDescription Parse(string? userAgent)
    {
        var ua = userAgent ?? "";
        return new ClientDescription(BrowserOf(ua), SystemOf(ua));
    }

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.OrdinalIgnoreCase);

    // Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
    private static string BrowserOf(string ua) =>
        Has(ua, "Edg/") || Has(ua, "Edge/") ? "Edge"
        : Has(ua, "OPR/") || Has(ua, "Opera") ? "Opera"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "HeadlessChrome/") ? "Chrome (headless)"
        : Has(ua, "Chromium/") ? "Chromium"
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") ? "Chrome"
        : Has(ua, "Safari/") ? "Safari"
        : Has(ua, "curl/") ? "curl"
        : "Unknown browser";

    private static string SystemOf(string ua) =>
        Has(ua, "Android") ? "Android"
        : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iOS") ? "iOS"
        : Has(ua, "Windows") ? "Windows"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS"
        : Has(ua, "Linux") ? "Linux"
        : "Unknown system";
}

using Microsoft.Playwright;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Debian's Chromium, launched by Playwright (browsers are never downloaded). Without it, browser tests
/// skip with instructions, except under CI=true where a missing browser is a failure.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test when Chromium is missing (fails under CI=true).</summary>
    public static void EnsureInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        const string message = "Chromium is not installed at /usr/bin/chromium; install it with `apt-get install -y chromium` to run the browser tests.";
        if (IsCi)
        {
            throw new InvalidOperationException("CI=true: " + message);
        }

        Assert.Skip(message);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
        });
        return (playwright, browser);
    }
}

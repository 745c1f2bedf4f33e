using System.Globalization;
using Microsoft.Playwright;

namespace UserConsole.Benchmarks.Load;

/// <summary>What the circuits, clicks and start benchmarks share: the published app started with the diagnostics
/// endpoint on and the load world seeded (60 users), one headless Chromium, the admin signed in once and its
/// cookies reused by every further browser context, and the machine's load average printed beside any timing.</summary>
internal sealed class CircuitBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly BrowserNewContextOptions _signedIn;

    private CircuitBrowser(PublishedApp app, LoadWorld world, IPlaywright playwright, IBrowser browser, BrowserNewContextOptions signedIn)
    {
        App = app;
        World = world;
        _playwright = playwright;
        Browser = browser;
        _signedIn = signedIn;
    }

    public PublishedApp App { get; }

    public LoadWorld World { get; }

    public IBrowser Browser { get; }

    public static IReadOnlyDictionary<string, string> DiagnosticsOn { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["UserConsole:Diagnostics:Enabled"] = "true" };

    /// <summary>Starts the app published in <paramref name="published"/> (publishing it first when null) on a new
    /// temporary data folder, seeds it and signs the admin in.</summary>
    public static async Task<CircuitBrowser> StartAsync(TextWriter output, string? published = null)
    {
        PublishedApp app;
        if (published is null)
        {
            app = (await PublishedApp.StartAsync(output, DiagnosticsOn)).App;
        }
        else
        {
            var data = Path.Combine(Path.GetDirectoryName(published)!, "data-" + Guid.NewGuid().ToString("N"));
            app = await PublishedApp.StartPublishedAsync(published, new Dictionary<string, string>(DiagnosticsOn) { ["UserConsole:DataFolder"] = data });
        }

        var healthy = app.StartToHealthy;
        try
        {
            var world = await LoadWorld.SeedAsync(app.DatabasePath);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Published app (Production, SQLite, diagnostics endpoint on), healthy {healthy.TotalSeconds:0.00} s after start; {world.UserCount} users; {LoadAverage()}."));
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--renderer-process-limit=4"],
            });
            var options = Options(app.BaseAddress);
            var context = await browser.NewContextAsync(options);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("Username or email").FillAsync(LoadWorld.AdminUserName);
            await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(world.AdminPassword);
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
            var signedIn = Options(app.BaseAddress);
            signedIn.StorageState = await context.StorageStateAsync();
            await context.CloseAsync();
            return new CircuitBrowser(app, world, playwright, browser, signedIn);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new browser context with the admin's session cookie.</summary>
    public async Task<IBrowserContext> NewSignedInContextAsync()
    {
        var context = await Browser.NewContextAsync(_signedIn);
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>Opens <paramref name="path"/> in a new page of <paramref name="context"/> and waits for its circuit.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string path, string? readySelector = null)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#uc-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        if (readySelector is not null)
        {
            await page.Locator(readySelector).First.WaitForAsync();
        }

        return page;
    }

    /// <summary>The app's managed heap after a forced full collection, its working set and its open circuits.</summary>
    public async Task<MemoryReport> MemoryAsync()
    {
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        return await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<MemoryReport>(http, "/_diagnostics/memory")
            ?? throw new InvalidOperationException("The diagnostics endpoint gave no report.");
    }

    /// <summary>Waits until the app holds exactly <paramref name="count"/> circuits (a closed page's circuit goes when
    /// its disconnect arrives).</summary>
    public async Task<MemoryReport> MemoryWithCircuitsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var report = await MemoryAsync();
            if (report.Circuits.Count == count || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(500);
        }
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
    }

    private static BrowserNewContextOptions Options(Uri app) =>
        new() { BaseURL = app.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 900 } };

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}

internal sealed record MemoryReport(long ManagedBytes, long WorkingSetBytes, IReadOnlyList<CircuitReport> Circuits);

internal sealed record CircuitReport(string Id, int Components, IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, long>? FrameBytesByType, IReadOnlyList<string>? JsonTypes);

using Microsoft.Playwright;

namespace UserConsole.Tests.Infrastructure;

/// <summary>One running app (own process, own temporary database, Development environment so that it serves its
/// static assets as `dotnet run` does) and one Chromium, shared by the tests of a class.</summary>
public class BrowserAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private AppProcess? _app;
    private readonly List<string> _cspViolations = [];

    public AppProcess App => _app ?? throw new InvalidOperationException("The app is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not started.");

    /// <summary>Settings for the app (override in a derived fixture). Demo data is off unless a fixture asks.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["UserConsole:DemoData"] = "false",
    };

    public async ValueTask InitializeAsync()
    {
        // Operations that hash passwords (210,000 PBKDF2 iterations) can take seconds on a busy 2-core CI machine;
        // expectations wait up to 15 s (they return as soon as they hold). Latency targets are measured and
        // printed separately, never by these timeouts.
        Assertions.SetDefaultExpectTimeout(15_000);

        if (!Chromium.IsInstalled)
        {
            return; // each test skips (or fails under CI) through Chromium.EnsureInstalled
        }

        _app = await AppProcess.StartAsync(Settings);
        (_playwright, _browser) = await Chromium.LaunchAsync();
        await using var database = await AttachDatabaseAsync();
        await ArrangeAsync(database);
    }

    /// <summary>Arranges data directly in the running app's database before the tests (override in a derived
    /// fixture); by default nothing.</summary>
    protected virtual Task ArrangeAsync(DomainTestContext database) => Task.CompletedTask;

    /// <summary>Domain services over the running app's database, for arranging and checking data.</summary>
    public Task<DomainTestContext> AttachDatabaseAsync() => DomainTestContext.AttachAsync(App.DatabasePath);

    /// <summary>Every Content-Security-Policy violation any page of this fixture's browser reported (the directive,
    /// what was blocked, where). The fixture fails at its end when there is one.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_cspViolations)
            {
                return [.. _cspViolations];
            }
        }
    }

    /// <summary>A new browser context (own cookies) and page on the app. Each of its pages reports CSP violations
    /// (the securitypolicyviolation event) to <see cref="CspViolations"/>.</summary>
    public Task<IPage> NewPageAsync()
    {
        Chromium.EnsureInstalled();
        return OpenPageAsync(Browser, App.BaseAddress, ReportCspViolation);
    }

    /// <summary>As <see cref="NewPageAsync()"/>, with the app opened as http://localhost:PORT: WebAuthn refuses an IP
    /// address as the relying party, so passkey tests use this.</summary>
    public Task<IPage> NewLocalhostPageAsync()
    {
        Chromium.EnsureInstalled();
        return OpenPageAsync(Browser, new UriBuilder(App.BaseAddress) { Host = "localhost" }.Uri, ReportCspViolation);
    }

    private void ReportCspViolation(string violation)
    {
        lock (_cspViolations)
        {
            _cspViolations.Add(violation);
        }
    }

    /// <summary>A new browser context (own cookies) and page on <paramref name="baseAddress"/> whose pages report every
    /// Content-Security-Policy violation (the securitypolicyviolation event) to <paramref name="reportViolation"/>.</summary>
    public static async Task<IPage> OpenPageAsync(IBrowser browser, Uri baseAddress, Action<string> reportViolation)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(baseAddress);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        await context.ExposeFunctionAsync("__ucReportCspViolation", reportViolation);
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => window.__ucReportCspViolation(
                `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${document.location.pathname} (${e.sourceFile || ''}:${e.lineNumber})`));
            """);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = baseAddress.ToString().TrimEnd('/') });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var violations = CspViolations;
        await StopAsync();
        GC.SuppressFinalize(this);
        Assert.True(violations.Count == 0, "Content-Security-Policy violations in the browser tests:\n" + string.Join('\n', violations));
    }

    private async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app.DeleteData();
        }
    }
}

/// <summary>Browser tests run one class at a time: each starts its own app and Chromium, and the latency figures
/// they print mean more on a quiet machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

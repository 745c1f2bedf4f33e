using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Playwright;

namespace UserConsole.Benchmarks.Load;

/// <summary>`load`: the published app under an attack on its sign-in form while administrators keep pages open.
/// 100 signed-in circuits on /users (5 browser contexts of 20 pages) stay open while 50 wrong-password sign-ins a
/// second arrive from 10 loopback addresses against 5 accounts for 60 s. Meanwhile legitimate users sign in (each
/// from an address of its own) and one open page flips the users grid; their p95s are printed with the attack's
/// answers (5xx must be 0), whether the attacked accounts are locked, and whether every circuit is still live.
/// Loopback only; bounded by the attack's length.</summary>
internal static class LoadBenchmark
{
    private const int Contexts = 5;
    private const int PagesPerContext = 20;
    private const int AttackPerSecond = 50;
    private const int AttackAddresses = 10;

    public static async Task RunAsync(TextWriter output, int seconds)
    {
        var (app, startToHealthy) = await PublishedApp.StartAsync(output);
        await using (app)
        {
            var world = await LoadWorld.SeedAsync(app.DatabasePath);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"UserConsole under load: published app (Production, SQLite), healthy {startToHealthy.TotalSeconds:0.0} s after start; {world.UserCount} users."));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                // 100 pages in a few renderer processes: the client must not starve the server on a small machine
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--renderer-process-limit=4"],
            });
            var watch = Stopwatch.StartNew();
            var contexts = await Task.WhenAll(Enumerable.Range(0, Contexts).Select(_ => OpenContextAsync(browser, app.BaseAddress, world)));
            var pages = contexts.SelectMany(c => c.Pages).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pages.Count} signed-in circuits on /users opened in {watch.Elapsed.TotalSeconds:0.0} s ({Contexts} browser contexts, one session each)."));
            output.WriteLine($"Attack: {AttackPerSecond} wrong-password sign-ins/s for {seconds} s from {AttackAddresses} addresses on {world.Attacked.Count} accounts.");
            output.WriteLine();

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var attack = AttackAsync(app.BaseAddress, world, seconds);
            var legit = LegitimateSignInsAsync(app.BaseAddress, world, stop.Token);
            var flips = GridFlipsAsync(pages[0], stop.Token);
            var gets = PageGetsAsync(app.BaseAddress, await contexts[0].Context.CookiesAsync(), stop.Token);
            var answers = await attack;
            var (signIns, signInFailures) = await legit;
            var (flipTimes, flipFailures) = await flips;
            var getTimes = await gets;

            var live = 0;
            foreach (var page in pages)
            {
                live += await GridFlip.TryAsync(page, TimeSpan.FromSeconds(10)) is not null && !page.Url.Contains("/Account/", StringComparison.Ordinal) ? 1 : 0;
            }

            var locked = await world.LockedAttackedAsync();
            Print(output, answers, signIns, signInFailures, flipTimes, flipFailures, getTimes);
            output.WriteLine($"  {"circuits live after the attack",-52}{live}/{pages.Count}");
            output.WriteLine($"  {"attacked accounts locked",-52}{locked}/{world.Attacked.Count}");
            output.WriteLine($"  {"error lines in the app's log",-52}{app.ErrorLines().Count}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"app working set at the end",-52}{Process.GetProcessById(app.ProcessId).WorkingSet64 / (1024.0 * 1024):0} MiB"));
        }
    }

    private static void Print(TextWriter output, ConcurrentBag<HttpStatusCode?> answers, List<TimeSpan> signIns, int signInFailures,
        List<TimeSpan> flips, int flipFailures, List<TimeSpan> gets)
    {
        int Count(Func<HttpStatusCode?, bool> which) => answers.Count(which);
        output.WriteLine($"  {"attack POSTs sent",-52}{answers.Count}");
        output.WriteLine($"  {"  answered 200 (the form again: wrong or locked)",-52}{Count(s => s == HttpStatusCode.OK)}");
        output.WriteLine($"  {"  answered 429 (per-address limit)",-52}{Count(s => s == HttpStatusCode.TooManyRequests)}");
        output.WriteLine($"  {"  answered 5xx (target 0)",-52}{Count(s => (int?)s >= 500)}");
        output.WriteLine($"  {"  other answers or no answer",-52}{Count(s => s is null || ((int)s < 500 && s is not HttpStatusCode.OK and not HttpStatusCode.TooManyRequests))}");
        output.WriteLine($"  {"legitimate sign-in (GET form + POST), p50 / p95",-52}{Percentiles(signIns)}  ({signIns.Count} signed in, {signInFailures} refused)");
        output.WriteLine($"  {"users grid page flip in a live circuit, p50 / p95",-52}{Percentiles(flips)}  ({flips.Count} flips, {flipFailures} without answer)");
        output.WriteLine($"  {"GET /users (prerendered grid page), p50 / p95",-52}{Percentiles(gets)}  ({gets.Count} requests)");
    }

    private static string Percentiles(List<TimeSpan> times)
    {
        if (times.Count == 0)
        {
            return "n/a";
        }

        var sorted = times.Order().ToList();
        TimeSpan At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{At(0.5).TotalMilliseconds:0} ms / {At(0.95).TotalMilliseconds:0} ms");
    }

    private static async Task<(IBrowserContext Context, List<IPage> Pages)> OpenContextAsync(IBrowser browser, Uri app, LoadWorld world)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var first = await context.NewPageAsync();
        await first.GotoAsync("/Account/Login");
        await first.GetByLabel("Username or email").FillAsync(LoadWorld.AdminUserName);
        await first.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(world.AdminPassword);
        await first.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await first.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
        var pages = new List<IPage> { first };
        while (pages.Count < PagesPerContext)
        {
            pages.Add(await context.NewPageAsync());
        }

        foreach (var page in pages)
        {
            await page.GotoAsync("/users");
            await page.Locator("#uc-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await page.Locator(".users-grid tbody tr td a").First.WaitForAsync();
        }

        return (context, pages);
    }

    /// <summary>An open-loop attack: POSTs leave on schedule whether or not earlier ones were answered.</summary>
    private static async Task<ConcurrentBag<HttpStatusCode?>> AttackAsync(Uri app, LoadWorld world, int seconds)
    {
        var attackers = Enumerable.Range(0, AttackAddresses).Select(i => new SignInClient(app, IPAddress.Parse($"127.0.0.{10 + i}"))).ToList();
        await Task.WhenAll(attackers.Select(a => a.LoadFormAsync()));
        var answers = new ConcurrentBag<HttpStatusCode?>();
        var sent = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < AttackPerSecond * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / AttackPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var attacker = attackers[i % attackers.Count];
            var target = world.Attacked[i % world.Attacked.Count];
            var guess = "guess-" + i.ToString(CultureInfo.InvariantCulture);
            sent.Add(Task.Run(async () =>
            {
                try
                {
                    answers.Add((await attacker.PostAsync(target, guess)).Status);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    answers.Add(null);
                }
            }));
        }

        await Task.WhenAll(sent);
        attackers.ForEach(a => a.Dispose());
        return answers;
    }

    /// <summary>Every 2 s one of the legitimate users signs in as a fresh browser would (GET the form, POST it),
    /// each user from an address of its own; a 302 is a sign-in.</summary>
    private static async Task<(List<TimeSpan> Times, int Failures)> LegitimateSignInsAsync(Uri app, LoadWorld world, CancellationToken stop)
    {
        var times = new List<TimeSpan>();
        var failures = 0;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var user = i % world.Legitimate.Count;
            using var client = new SignInClient(app, IPAddress.Parse($"127.0.0.{101 + user}"));
            var watch = Stopwatch.StartNew();
            if (await TrySignInAsync(client, world.Legitimate[user], world.UserPassword) == HttpStatusCode.Redirect)
            {
                times.Add(watch.Elapsed);
            }
            else
            {
                failures++;
            }

            await Delay(TimeSpan.FromSeconds(2) - watch.Elapsed, stop);
        }

        return (times, failures);
    }

    private static async Task<HttpStatusCode?> TrySignInAsync(SignInClient client, string userName, string password)
    {
        try
        {
            await client.LoadFormAsync();
            return (await client.PostAsync(userName, password)).Status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // no answer within the client's 30 s: counted as refused
        }
    }

    private static async Task<(List<TimeSpan> Times, int Failures)> GridFlipsAsync(IPage page, CancellationToken stop)
    {
        var times = new List<TimeSpan>();
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            if (await GridFlip.TryAsync(page, TimeSpan.FromSeconds(10)) is { } took)
            {
                times.Add(took);
            }
            else
            {
                failures++;
            }

            await Delay(TimeSpan.FromMilliseconds(500), stop);
        }

        return (times, failures);
    }

    private static async Task<List<TimeSpan>> PageGetsAsync(Uri app, IReadOnlyList<BrowserContextCookiesResult> cookies, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app };
        http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        var times = new List<TimeSpan>();
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(new Uri("/users", UriKind.Relative), CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    times.Add(watch.Elapsed);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not answered within the client's timeout: no figure
            }

            await Delay(TimeSpan.FromSeconds(1) - watch.Elapsed, stop);
        }

        return times;
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, stop);
        }
        catch (TaskCanceledException)
        {
            // the attack is over
        }
    }

    internal static string NewPassword() => "Bench-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}

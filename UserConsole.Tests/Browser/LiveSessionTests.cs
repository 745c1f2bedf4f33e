using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UserConsole.Domain.Access;
using UserConsole.Domain.Roles;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>What one person does is felt at once in everyone else's open screens. Each test prints the measured
/// latency; set LIVE_REPEATS=20 to repeat a scenario and print p50/p95, and LIVE_REPORT=file to collect the lines.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class LiveSessionTests(LiveSessionTests.Fixture fixture) : IClassFixture<LiveSessionTests.Fixture>
{
    private static int Repeats => int.TryParse(Environment.GetEnvironmentVariable("LIVE_REPEATS"), out var n) && n > 0 ? n : 1;

    [Fact]
    public async Task DisablingAUser_SendsTheirOpenPageToSignIn_AndTheirOldTabsEventsAreDropped()
    {
        var latencies = new List<double>();
        for (var run = 0; run < Repeats; run++)
        {
            var name = $"support{run:00}-{Guid.NewGuid():N}"[..20];
            await using (var db = await fixture.AttachDatabaseAsync())
            {
                await db.CreateUserAsync(name, fixture.SupportRole);
            }

            var admin = await fixture.NewPageAsync();
            await admin.SignInAsync("admin", TestPasswords.Strong);
            var victim = await fixture.NewPageAsync();
            await victim.SignInAsync(name, TestPasswords.Strong);
            await victim.GotoAsync("/users");
            await victim.WaitForInteractiveAsync();

            // A second tab of the same session whose way to the sign-in page is blocked: it stays on its old page.
            var oldTab = await victim.Context.NewPageAsync();
            await oldTab.GotoAsync("/");
            await oldTab.WaitForInteractiveAsync();
            // (A beforeunload prompt, dismissed, keeps the document in place; a click first gives it the user activation
            // browsers require for the prompt.)
            await oldTab.GetByRole(AriaRole.Heading).First.ClickAsync();
            await oldTab.EvaluateAsync("() => window.addEventListener('beforeunload', e => { e.preventDefault(); e.returnValue = ''; })");
            oldTab.Dialog += async (_, dialog) => await dialog.DismissAsync();

            // Control: while the session is valid, the theme toggle is a server event that writes a cookie.
            await oldTab.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
            await Assertions.Expect(oldTab.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
            await oldTab.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync();
            await Assertions.Expect(oldTab.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" })).ToBeVisibleAsync();
            (await oldTab.Context.CookiesAsync()).ShouldContain(c => c.Name == "uc-theme" && c.Value == "light");

            await admin.GotoAsync("/users");
            await admin.WaitForInteractiveAsync();
            await admin.GetByLabel("Search users").FillAsync(name);
            await admin.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();
            await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();
            // Disabling is sensitive: the admin confirms it's them, and that click carries on with the disable.
            var confirm = await admin.FillConfirmItsYouAsync(TestPasswords.Strong);
            var clock = Stopwatch.StartNew();
            await confirm.ClickAsync();

            await Assertions.Expect(victim.GetByText("Your account was disabled by an administrator.")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Assertions.Expect(victim).ToHaveURLAsync(LoginUrl());

            // The old tab still shows the app shell, but the server drops what it sends: the theme toggle, a server
            // event that writes a cookie through the circuit, does nothing.
            var toggle = oldTab.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" });
            await toggle.ClickAsync();
            await oldTab.WaitForTimeoutAsync(1_000);
            (await oldTab.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "uc-theme" && c.Value == "dark");
            await Assertions.Expect(toggle).ToBeVisibleAsync();

            // And the old cookie is refused on the next request.
            var response = await oldTab.APIRequest.GetAsync("/users", new() { MaxRedirects = 0 });
            response.Status.ShouldBe(302);
            response.Headers["location"].ShouldContain("/Account/Login");

            await victim.Context.CloseAsync();
            await admin.Context.CloseAsync();
        }

        Report("disable → sign-in page", latencies);
        latencies.Max().ShouldBeLessThan(5_000, "revocation should be immediate (target: within 1 s)");
    }

    [Fact]
    public async Task CreatingAUser_AppearsInAnotherAdminsOpenList()
    {
        var latencies = new List<double>();
        var watcher = await fixture.NewPageAsync();
        await watcher.SignInAsync("admin2", TestPasswords.Strong);
        await watcher.GotoAsync("/users");
        await watcher.WaitForInteractiveAsync();
        var creator = await fixture.NewPageAsync();
        await creator.SignInAsync("admin", TestPasswords.Strong);
        await creator.GotoAsync("/users");
        await creator.WaitForInteractiveAsync();

        for (var run = 0; run < Repeats; run++)
        {
            var name = $"new{run:00}{Guid.NewGuid():N}"[..12];
            await watcher.GetByLabel("Search users").FillAsync(name[..5]);
            await creator.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
            var dialog = creator.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Username").FillAsync(name);
            await dialog.GetByLabel("Email").FillAsync($"{name}@example.test");
            await dialog.GetByLabel("Role").ClickAsync();
            await creator.GetByRole(AriaRole.Option, new() { Name = "Support", Exact = true }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
            if (run == 0)
            {
                // Support administers users: assigning it is sensitive, and the first time in this session the creator
                // confirms it's them (the proof then lasts the window, the next runs go straight on).
                await creator.ConfirmItsYouAsync(TestPasswords.Strong);
            }

            // From the moment the creator sees the user committed (the one-time password) to the other list.
            await Assertions.Expect(dialog.GetByLabel("One-time password")).ToBeVisibleAsync();
            var clock = Stopwatch.StartNew();
            await Assertions.Expect(watcher.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync(new() { Timeout = 10_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        }

        Report("create user → other admin's list", latencies);
        latencies.Max().ShouldBeLessThan(5_000, "live lists should refresh at once (target: within 1 s)");
    }

    [Fact]
    public async Task RemovingAPagePermissionFromARole_TakesTheItemAndThePageAwayAtOnce_WithoutSigningOut()
    {
        var latencies = new List<double>();
        await using (var db = await fixture.AttachDatabaseAsync())
        {
            await db.CreateUserAsync("olive", fixture.NightOpsRole);
        }

        var olive = await fixture.NewPageAsync();
        await olive.SignInAsync("olive", TestPasswords.Strong);
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", TestPasswords.Strong);
        await admin.GotoAsync("/users?tab=roles");
        await admin.WaitForInteractiveAsync();
        var navigation = olive.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        var schedulesLink = navigation.GetByRole(AriaRole.Link, new() { Name = "Schedules" });

        for (var run = 0; run < Repeats; run++)
        {
            await olive.GotoAsync("/schedules");
            await olive.WaitForInteractiveAsync();
            await Assertions.Expect(schedulesLink).ToBeVisibleAsync();

            // Take view_schedules_page (and run_schedule, which needs it) away.
            var dialog = await OpenNightOpsAsync(admin);
            await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Run schedules", Exact = true }).UncheckAsync();
            await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "View schedules page", Exact = true }).UncheckAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(admin.GetByText("Role 'Night ops' saved").First).ToBeVisibleAsync();
            var clock = Stopwatch.StartNew();

            await Assertions.Expect(schedulesLink).ToHaveCountAsync(0, new() { Timeout = 10_000 });
            await Assertions.Expect(olive.GetByRole(AriaRole.Heading, new() { Name = "You don't have access to this page" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Monitor" })).ToBeVisibleAsync();
            olive.Url.ShouldEndWith("/schedules", customMessage: "she stays signed in on her page");

            // Give it back for the next round.
            dialog = await OpenNightOpsAsync(admin);
            await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Run schedules", Exact = true }).CheckAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(schedulesLink).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }

        Report("role permission removed → nav item and page gone", latencies);
        latencies.Max().ShouldBeLessThan(5_000, "access should re-evaluate at once (target: within 1 s)");
    }

    /// <summary>Opens the "Night ops" role's edit dialog on the Roles tab (shared with ScaleOutTests).</summary>
    internal static async Task<ILocator> OpenNightOpsAsync(IPage admin)
    {
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit role Night ops" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Role name")).ToHaveValueAsync("Night ops");
        return dialog;
    }

    private static void Report(string what, List<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        var line = $"LATENCY {what}: n={sorted.Count} p50={Percentile(0.50):F0} ms p95={Percentile(0.95):F0} ms max={sorted[^1]:F0} ms";
        Console.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("LIVE_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllLines(report, [line]);
        }
    }

    [GeneratedRegex("/Account/Login")]
    private static partial Regex LoginUrl();

    /// <summary>The app with a second full admin and a support role (users page, edit users).</summary>
    public sealed class Fixture : AdminReadyFixture
    {
        public Role SupportRole { get; private set; } = null!;

        public Role NightOpsRole { get; private set; } = null!;

        /// <summary>Repeated scenarios sign in far more often than a person would from one address.</summary>
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
        {
            ["Security:SignInPermitLimit"] = "1000",
        };

        protected override async Task ArrangeAsync(DomainTestContext database)
        {
            await base.ArrangeAsync(database);
            SupportRole = await database.CreateRoleAsync("Support", Permissions.ViewUsersPage, Permissions.EditUsers);
            NightOpsRole = await database.CreateRoleAsync("Night ops", Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.ViewMonitorPage);
            await using var db = await database.DbAsync();
            var administrator = db.Roles.Single(r => r.IsFirstAdminRole);
            await database.CreateUserAsync("admin2", administrator);
        }
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>Server-side sessions as a person meets them: the profile lists them, ending one sends its open pages to
/// the sign-in page at once, an administrator signs a user out everywhere, and every page the suite visits loads
/// without a Content-Security-Policy violation. Set LIVE_REPEATS=20 to print p50/p95 of the sign-out latency.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class SessionLifetimeTests(SessionLifetimeTests.Fixture fixture) : IClassFixture<SessionLifetimeTests.Fixture>
{
    private static int Repeats => int.TryParse(Environment.GetEnvironmentVariable("LIVE_REPEATS"), out var n) && n > 0 ? n : 1;

    [Fact]
    public async Task SignOutAllOtherSessions_SendsTheOtherBrowsersOpenPageToSignIn()
    {
        var latencies = new List<double>();
        for (var run = 0; run < Repeats; run++)
        {
            var other = await fixture.NewPageAsync();
            await other.SignInAsync("sam", TestPasswords.Strong);
            await other.GotoAsync("/users");
            await other.WaitForInteractiveAsync();

            var me = await fixture.NewPageAsync();
            await me.SignInAsync("sam", TestPasswords.Strong);
            await me.GotoAsync("/profile");
            await me.WaitForInteractiveAsync();
            var sessions = me.GetByRole(AriaRole.Table, new() { Name = "Active sessions" });
            await Assertions.Expect(sessions.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // header and two sessions
            await Assertions.Expect(sessions.GetByText("This session")).ToHaveCountAsync(1);
            if (run == 0)
            {
                await me.AssertAccessibleAsync("the profile with its sessions");
            }

            var button = me.GetByRole(AriaRole.Button, new() { Name = "Sign out all other sessions" });
            var clock = Stopwatch.StartNew();
            await button.ClickAsync();

            await Assertions.Expect(other.GetByText("You were signed out from another of your sessions.")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Assertions.Expect(other).ToHaveURLAsync(LoginUrl());
            await Assertions.Expect(sessions.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
            await Assertions.Expect(me.GetByText("Your other sessions were signed out.")).ToBeVisibleAsync();

            // The ended browser's cookie is worthless, not only its page.
            var response = await other.APIRequest.GetAsync("/users", new() { MaxRedirects = 0 });
            response.Status.ShouldBe(302);

            await me.GetByRole(AriaRole.Button, new() { Name = "Account menu of sam" }).ClickAsync();
            await me.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
            await me.WaitForURLAsync("**/Account/Login?reason=signed-out");
            await other.Context.CloseAsync();
            await me.Context.CloseAsync();
        }

        LatencyReport.Print("'Sign out all other sessions' → other page's sign-in form", latencies);
        latencies.Max().ShouldBeLessThan(5_000, "the other page follows at once (target: within 1 s)");
    }

    [Fact]
    public async Task SignOutEverywhere_ByAnAdministrator_SendsTheUsersOpenPageToSignIn()
    {
        var user = await fixture.NewPageAsync();
        await user.SignInAsync("tess", TestPasswords.Strong);
        await user.GotoAsync("/profile");
        await user.WaitForInteractiveAsync();
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("admin", TestPasswords.Strong);
        await admin.GotoAsync($"/users/{fixture.Tess.Id}");
        await admin.WaitForInteractiveAsync();
        var sessions = admin.GetByRole(AriaRole.Table, new() { Name = "Active sessions" });
        await Assertions.Expect(sessions.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await admin.ConfirmItsYouAsync(TestPasswords.Strong);

        await Assertions.Expect(user.GetByText("An administrator signed you out.")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(admin.GetByText("No active sessions.")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
        await user.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryPage_LoadsWithoutAContentSecurityPolicyViolation()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.SignInAsync("admin", TestPasswords.Strong);
        foreach (var path in new[] { "/", "/users", "/users?tab=roles", $"/users/{fixture.Tess.Id}", "/activity", "/monitor", "/servers", "/storages", "/schedules", "/points", "/logs", "/settings", "/no-such-page" })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
        }

        // The profile with the QR code of a two-factor set-up (an inline SVG) and a dialog of MudBlazor.
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable Two-Factor Authentication" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
        await page.GotoAsync("/users");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        fixture.CspViolations.ShouldBeEmpty();
    }

    [GeneratedRegex("/Account/Login")]
    private static partial Regex LoginUrl();

    /// <summary>The app with two users of a support role (users page, edit users).</summary>
    public sealed class Fixture : AdminReadyFixture
    {
        public User Tess { get; private set; } = null!;

        /// <summary>Repeated scenarios sign in far more often than a person would.</summary>
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
        {
            ["Security:SignInPermitLimit"] = "1000",
            ["Security:SignInPerUserPermitLimit"] = "1000",
        };

        protected override async Task ArrangeAsync(DomainTestContext database)
        {
            await base.ArrangeAsync(database);
            var support = await database.CreateRoleAsync("Support", Permissions.ViewUsersPage, Permissions.EditUsers);
            await database.CreateUserAsync("sam", support);
            Tess = await database.CreateUserAsync("tess", support);
        }
    }
}

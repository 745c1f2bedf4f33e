using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>The app with its Development demo data and simulator running (so there is other data to hide and live
/// activity), servers and history arranged in the app's database, and an operator the admin creates in the
/// Create user dialog: scoped to two production servers of their own and one storage, with a third server beside
/// them that they must not see.</summary>
public sealed class BackupBrowserFixture : BrowserAppFixture
{
    public const string Password = TestPasswords.Strong;

    private readonly Lazy<Task<OperatorWorld>> _world;

    public BackupBrowserFixture() => _world = new(ArrangeAsync);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["UserConsole:DemoData"] = "true",
        ["UserConsole:Simulator:Enabled"] = "true",
        ["UserConsole:Simulator:Speed"] = "60",
    };

    public Task<OperatorWorld> WorldAsync() => _world.Value;

    private async Task<OperatorWorld> ArrangeAsync()
    {
        Chromium.EnsureInstalled();
        await using var db = await AttachDatabaseAsync();
        var a = await db.CreateServerAsync("ops-a");
        var b = await db.CreateServerAsync("ops-b");
        var hidden = await db.CreateServerAsync("ops-c");
        var storage = await db.CreateStorageAsync("ops-store", 8_000_000_000_000, 2_000_000_000_000);
        var today = DateTime.UtcNow.Date.AddHours(12);
        JobStatus[] cycle = [JobStatus.Completed, JobStatus.Completed, JobStatus.Warning, JobStatus.Error];
        await db.CreateScheduleAsync(a, storage, "ops-a nightly", Enumerable.Range(1, 10).Select(d => (today.AddDays(-d), cycle[d % 4])));
        await db.CreateScheduleAsync(b, storage, "ops-b nightly", Enumerable.Range(1, 6).Select(d => (today.AddDays(-d), cycle[(d + 1) % 4])));
        await db.CreateScheduleAsync(hidden, storage, "ops-c nightly", Enumerable.Range(1, 5).Select(d => (today.AddDays(-d), JobStatus.Completed)));
        var role = await db.CreateRoleAsync("Operator",
            Permissions.ViewMonitorPage, Permissions.ViewServersPage, Permissions.ViewStoragesPage, Permissions.ViewSchedulesPage,
            Permissions.ViewPointsPage, Permissions.ViewBackupLogsPage, Permissions.CreateServers, Permissions.EditServers, Permissions.CreateStorages,
            Permissions.CreateSchedules, Permissions.RunSchedule, Permissions.StopSchedule, Permissions.DownloadPoints, Permissions.RestoreFiles);
        await using (var context = await db.DbAsync())
        {
            var admin = await context.Users.SingleAsync(u => u.IsFirstAdmin);
            await db.SetChosenPasswordAsync(admin.Id, Password);
        }

        await CreateOperatorThroughTheUiAsync();
        return new OperatorWorld(App, [a.Id, b.Id]);
    }

    /// <summary>The admin creates the operator in the Create user dialog (role Operator, production servers ops-a and
    /// ops-b, storage ops-store); the operator then signs in with the shown password and sets their own.</summary>
    private async Task CreateOperatorThroughTheUiAsync()
    {
        var admin = await NewPageAsync();
        await admin.SignInAsync("admin", Password);
        await admin.GotoAsync("/users");
        await admin.WaitForInteractiveAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Username").FillAsync("operator");
        await dialog.GetByLabel("Email").FillAsync("operator@example.test");
        await dialog.GetByLabel("Role").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Operator", Exact = true }).ClickAsync();
        foreach (var (label, name) in new[] { ("Production servers", "ops-a"), ("Production servers", "ops-b"), ("Storage servers", "ops-store") })
        {
            await dialog.GetByLabel(label, new() { Exact = true }).FillAsync(name);
            await admin.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
            await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = $"Remove {name}" })).ToBeVisibleAsync();
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var oneTime = await dialog.GetByLabel("One-time password").InputValueAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await admin.Context.CloseAsync();

        var first = await NewPageAsync();
        await first.SignInAsync("operator", oneTime);
        await first.SetOwnPasswordAsync(Password);
        await first.Context.CloseAsync();
    }
}

/// <summary>The operator's servers, and what they should see, read from the app's database without its scope filter.</summary>
public sealed record OperatorWorld(AppProcess App, IReadOnlyList<int> ServerIds)
{
    public static readonly string[] ServerNames = ["ops-a", "ops-b"];

    /// <summary>The operator's finished jobs of the last 14 UTC days, counted without the app's scope filter.</summary>
    public async Task<(int Completed, int Warning, int Error)> OutcomesAsync()
    {
        await using var database = await DomainTestContext.AttachAsync(App.DatabasePath);
        await using var db = await database.DbAsync();
        var schedules = await db.Schedules.AsNoTracking().ToListAsync();
        var theirs = schedules.Where(s => ServerIds.Contains(s.ProductionServerId)).Select(s => s.Id).ToHashSet();
        var since = DateTime.UtcNow.Date.AddDays(-13);
        var logs = (await db.JobLogs.AsNoTracking().ToListAsync()).Where(j => theirs.Contains(j.ScheduleId) && j.StartedAt >= since).ToList();
        return (logs.Count(j => j.Status == JobStatus.Completed), logs.Count(j => j.Status == JobStatus.Warning), logs.Count(j => j.Status == JobStatus.Error));
    }

    public async Task<int> JobLogCountAsync()
    {
        await using var database = await DomainTestContext.AttachAsync(App.DatabasePath);
        await using var db = await database.DbAsync();
        var theirs = await db.Schedules.Where(s => ServerIds.Contains(s.ProductionServerId)).Select(s => s.Id).ToListAsync();
        return (await db.JobLogs.Select(j => j.ScheduleId).ToListAsync()).Count(theirs.Contains);
    }
}

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class BackupPagesTests(BackupBrowserFixture fixture) : IClassFixture<BackupBrowserFixture>
{
    private const string ScopeText = "Your access is limited to 2 production servers and 1 storage server.";

    // MudTreeView renders a list (ul > li), not ARIA tree roles.
    private const string TreeServers = "ul[aria-label='Backup points by server and schedule'] > li.mud-treeview-item";

    private async Task<IPage> SignedInOperatorAsync()
    {
        await fixture.WorldAsync();
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("operator", BackupBrowserFixture.Password);
        await page.WaitForInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task ScopedOperator_SeesOnlyTheirServers_InTreeLogsAndMonitor()
    {
        var world = await fixture.WorldAsync();
        var page = await SignedInOperatorAsync();

        // Points: the tree's first level is exactly their two servers (the app has 12 demo servers and ops-c besides).
        await page.GotoAsync("/points");
        await page.WaitForInteractiveAsync();
        var servers = page.Locator(TreeServers);
        await Assertions.Expect(servers).ToHaveCountAsync(2);
        (await servers.Locator(".mud-treeview-item-label").AllInnerTextsAsync()).ShouldBe(OperatorWorld.ServerNames, ignoreOrder: true);
        await Assertions.Expect(page.GetByText(ScopeText)).ToBeVisibleAsync();

        // Logs: only their jobs, all of them.
        await page.GotoAsync("/logs");
        await page.WaitForInteractiveAsync();
        var expectedLogs = await world.JobLogCountAsync();
        var serverCells = page.Locator("td[data-label='Server']");
        await Assertions.Expect(serverCells).ToHaveCountAsync(expectedLogs);
        (await serverCells.AllInnerTextsAsync()).Select(t => t.Trim()).Distinct().ShouldBe(OperatorWorld.ServerNames, ignoreOrder: true);

        // Monitor: the outcomes chart counts only their jobs; the storage chart shows only their storage.
        await page.GotoAsync("/monitor");
        await page.WaitForInteractiveAsync();
        var (completed, warning, error) = await world.OutcomesAsync();
        await Assertions.Expect(page.Locator("[data-testid='outcomes-chart']")).ToHaveAttributeAsync("aria-label",
            $"Job outcomes, last 14 days: {completed} completed, {warning} with warnings, {error} errors.");
        await Assertions.Expect(page.Locator("[data-testid='storage-chart']")).ToHaveAttributeAsync("aria-label",
            "Storage used versus capacity: ops-store 2.0 TB of 8.0 TB (25 %).");
        (completed + warning + error).ShouldBeGreaterThanOrEqualTo(16); // 16 arranged (a Run-now test may add one)
    }

    [Fact]
    public async Task RunNow_AppearsInTheLogsWithoutReload_AndFinishesLive()
    {
        var page = await SignedInOperatorAsync();
        await page.GotoAsync("/logs");
        await page.WaitForInteractiveAsync();
        var rows = page.Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = "ops-a nightly" });
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();
        await page.EvaluateAsync("window.__sameDocument = true");

        // Another tab of the same operator starts the schedule.
        var schedules = await page.Context.NewPageAsync();
        await schedules.GotoAsync("/schedules");
        await schedules.WaitForInteractiveAsync();
        await schedules.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Run now: ops-a nightly", Exact = true }).ClickAsync();
        await Assertions.Expect(schedules.GetByText("ops-a nightly started.")).ToBeVisibleAsync();

        // The logs tab shows the new run at the top, then the simulator's lines, then its outcome, without a reload.
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        var newest = page.Locator("tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("ops-a nightly");
        await Assertions.Expect(newest.Locator("td[data-label='Status']")).ToHaveTextAsync(
            new Regex("^(Completed|Warning|Error)$"), new LocatorAssertionsToHaveTextOptions { Timeout = 45_000 });
        (await page.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue("the logs page must not have reloaded");
        await newest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("ol.log-lines").First).ToContainTextAsync("Started by operator (Run now).");
    }

    [Fact]
    public async Task EveryBackupPage_IsAccessible()
    {
        var page = await SignedInOperatorAsync();

        await page.GotoAsync("/monitor");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='outcomes-chart']")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Monitor page");

        await page.GotoAsync("/servers");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("ops-a.example.test")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Servers page");
        // Limited to chosen servers, the operator is not offered Create server (the domain says why); the server
        // dialog is checked through Edit, which their role allows.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create server" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit ops-a", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the server dialog");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Cancel" }).ClickAsync();

        await page.GotoAsync("/storages");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("ops-store")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Storages page");

        await page.GotoAsync("/schedules");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("ops-b nightly")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Schedules page");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create schedule" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Cron expression (UTC)")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Create schedule dialog");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Cancel" }).ClickAsync();

        await page.GotoAsync("/points");
        await page.WaitForInteractiveAsync();
        await page.Locator(TreeServers).First.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Expand" }).ClickAsync();
        await Assertions.Expect(page.GetByText("ops-a nightly")).ToBeVisibleAsync();
        await page.Locator(TreeServers).First.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Expand" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Point of " }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Restore files" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Disaster recovery restore" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("the Points page with a point chosen");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("^Download of the ops-a nightly point of .* requested\\.$"))).ToBeVisibleAsync();

        await page.GotoAsync("/logs");
        await page.WaitForInteractiveAsync();
        await page.Locator("tbody tr").First.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("ol.log-lines")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Logs page");
    }
}

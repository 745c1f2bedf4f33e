using Bunit;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class LogsPageTests : IAsyncLifetime
{
    private DomainTestContext _domain = null!;
    private BackupWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _domain = await DomainTestContext.CreateAsync();
        await _domain.BootstrapAsync();
        _world = await BackupWorld.CreateAsync(_domain, servers: 2, storages: 1);
    }

    public async ValueTask DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task NewJobLog_OnFirstPage_AppearsWithoutReload()
    {
        var admin = await _domain.CreateUserAsync("operator", await _domain.CreateRoleAsync("Operator", Permissions.ViewBackupLogsPage, Permissions.RunSchedule));
        await using var ctx = new BackupComponentContext(_domain);
        ctx.SignIn(admin.Id, "operator", Permissions.ViewBackupLogsPage, Permissions.RunSchedule);
        var page = ctx.Render<LogsPage>();
        page.WaitForAssertion(() => page.FindAll("tbody tr").Count.ShouldBe(25));
        var all = await BackupWorld.LoadAllAsync(_domain);
        var idle = all.Schedules.First(s => s.State == ScheduleState.Idle);

        var run = await ctx.Domain<ScheduleService>().RunNowAsync(DomainTestContext.As(admin), idle.Id, Xunit.TestContext.Current.CancellationToken);

        run.Succeeded.ShouldBeTrue();
        page.WaitForAssertion(() => page.Markup.ShouldContain("Started by operator (Run now)."), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Logs_ScopedToOneServer_ShowOnlyItsJobs()
    {
        var server = _world.Servers[0];
        var viewer = await _domain.CreateUserAsync("viewer", await _domain.CreateRoleAsync("Viewer", Permissions.ViewBackupLogsPage),
            BackupWorld.ScopeOf([server]));
        await using var ctx = new BackupComponentContext(_domain);
        ctx.SignIn(viewer.Id, "viewer", Permissions.ViewBackupLogsPage);

        var page = ctx.Render<LogsPage>();

        page.WaitForAssertion(() => page.FindAll("td[data-label='Server']").Count.ShouldBe(BackupWorld.Days));
        page.FindAll("td[data-label='Server']").Select(td => td.TextContent.Trim()).Distinct().ShouldBe([server.Name]);
        page.Markup.ShouldContain("Your access is limited to 1 production server.");
    }

    [Fact]
    public async Task MessageLines_AreShownOnExpand()
    {
        var viewer = await _domain.CreateUserAsync("viewer", await _domain.CreateRoleAsync("Viewer", Permissions.ViewBackupLogsPage));
        await using var ctx = new BackupComponentContext(_domain);
        ctx.SignIn(viewer.Id, "viewer", Permissions.ViewBackupLogsPage);
        var page = ctx.Render<LogsPage>();
        page.WaitForAssertion(() => page.FindAll("button[aria-expanded='false']").Count.ShouldBe(25));
        page.FindAll("ol.log-lines").ShouldBeEmpty();

        page.FindAll("button[aria-expanded='false']")[0].Click();

        var lines = page.Find("ol.log-lines");
        lines.QuerySelectorAll("li").Select(li => li.TextContent).ShouldContain("Working.");
        page.FindAll("button[aria-expanded='true']").Count.ShouldBe(1);
    }
}

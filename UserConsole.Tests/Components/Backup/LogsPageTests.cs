using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class LogsPageTests : UserConsoleTestContext
{
    private BackupWorld _world = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
        _world = await BackupWorld.CreateAsync(Domain, servers: 2, storages: 1);
    }

    private async Task<User> SignInAsync(AccessScope? scope, params string[] permissions)
    {
        var user = await Domain.CreateUserAsync("operator", await Domain.CreateRoleAsync("Operator", permissions), scope);
        SignIn(user, permissions);
        return user;
    }

    [Fact]
    public async Task NewJobLog_OnFirstPage_AppearsWithoutReload()
    {
        var user = await SignInAsync(null, Permissions.ViewBackupLogsPage, Permissions.RunSchedule);
        var page = Render<LogsPage>();
        page.WaitForAssertion(() => page.FindAll("tbody tr").Count.ShouldBe(25));
        var idle = (await BackupWorld.LoadAllAsync(Domain)).Schedules.First(s => s.State == ScheduleState.Idle);

        // Another session starts a run: the domain commits it and the live feed announces it.
        var run = await Domain.GetScoped<ScheduleService>().RunNowAsync(DomainTestContext.As(user), idle.Id, Xunit.TestContext.Current.CancellationToken);
        Feed.Publish(new DomainChange(ChangeKind.JobLog, run.Value.ToString(CultureInfo.InvariantCulture), ChangeAction.Created, "another-session"));

        page.WaitForAssertion(() => page.Markup.ShouldContain("Started by operator (Run now)."), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LiveChange_ReloadsOnlyForJobsThePageShows()
    {
        var inScope = _world.Servers[0];
        await SignInAsync(BackupWorld.ScopeOf([inScope]), Permissions.ViewBackupLogsPage);
        var page = Render<LogsPage>();
        page.WaitForAssertion(() => page.FindAll("td[data-label='Server']").Count.ShouldBe(BackupWorld.Days));
        var all = await BackupWorld.LoadAllAsync(Domain);
        var theirs = all.Schedules.Where(s => s.ProductionServerId == inScope.Id).Select(s => s.Id).ToHashSet();
        var shown = all.JobLogs.Where(j => theirs.Contains(j.ScheduleId)).MaxBy(j => j.StartedAt)!;
        var hidden = all.JobLogs.First(j => !theirs.Contains(j.ScheduleId));

        // The shown job gets a new line without any announcement: only a reload would show it.
        await using (var db = await Domain.DbAsync())
        {
            var job = await db.JobLogs.SingleAsync(j => j.Id == shown.Id, Xunit.TestContext.Current.CancellationToken);
            job.AppendLine("Written quietly.");
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        Feed.Publish(new DomainChange(ChangeKind.JobLog, hidden.Id.ToString(CultureInfo.InvariantCulture), ChangeAction.Updated, "another-session"));
        await Task.Delay(500, Xunit.TestContext.Current.CancellationToken);
        page.Markup.ShouldNotContain("Written quietly.");

        Feed.Publish(new DomainChange(ChangeKind.JobLog, shown.Id.ToString(CultureInfo.InvariantCulture), ChangeAction.Updated, "another-session"));
        page.WaitForAssertion(() => page.Markup.ShouldContain("Written quietly."), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Logs_ScopedToOneServer_ShowOnlyItsJobs()
    {
        var server = _world.Servers[0];
        await SignInAsync(BackupWorld.ScopeOf([server]), Permissions.ViewBackupLogsPage);

        var page = Render<LogsPage>();

        page.WaitForAssertion(() => page.FindAll("td[data-label='Server']").Count.ShouldBe(BackupWorld.Days));
        page.FindAll("td[data-label='Server']").Select(td => td.TextContent.Trim()).Distinct().ShouldBe([server.Name]);
        page.Markup.ShouldContain("Your access is limited to 1 production server.");
    }

    [Fact]
    public async Task MessageLines_AreShownOnExpand()
    {
        await SignInAsync(null, Permissions.ViewBackupLogsPage);
        var page = Render<LogsPage>();
        page.WaitForAssertion(() => page.FindAll("button[aria-expanded='false']").Count.ShouldBe(25));
        page.FindAll("ol.log-lines").ShouldBeEmpty();

        page.FindAll("button[aria-expanded='false']")[0].Click();

        var lines = page.Find("ol.log-lines");
        lines.QuerySelectorAll("li").Select(li => li.TextContent).ShouldContain("Working.");
        page.FindAll("button[aria-expanded='true']").Count.ShouldBe(1);
    }
}

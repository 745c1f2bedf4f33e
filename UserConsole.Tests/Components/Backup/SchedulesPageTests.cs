using Bunit;
using Microsoft.EntityFrameworkCore;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class SchedulesPageTests : IAsyncLifetime
{
    private DomainTestContext _domain = null!;
    private Schedule _schedule = null!;

    public async ValueTask InitializeAsync()
    {
        _domain = await DomainTestContext.CreateAsync();
        await _domain.BootstrapAsync();
        _schedule = await BackupWorld.CreateScheduleAsync(_domain, await _domain.CreateServerAsync("web-01"), await _domain.CreateStorageAsync("nas-01"), "web-01 nightly");
    }

    public async ValueTask DisposeAsync() => await _domain.DisposeAsync();

    private async Task<(BackupComponentContext Context, IRenderedComponent<SchedulesPage> Page)> RenderAsAsync(params string[] permissions)
    {
        var user = await _domain.CreateUserAsync("operator", await _domain.CreateRoleAsync("Operator", permissions));
        var ctx = new BackupComponentContext(_domain);
        ctx.SignIn(user.Id, "operator", [.. Permissions.WithImplied(permissions)]);
        var page = ctx.Render<SchedulesPage>();
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-01 nightly"));
        return (ctx, page);
    }

    [Fact]
    public async Task RunNow_WithoutRunSchedule_IsNotShown()
    {
        var (ctx, page) = await RenderAsAsync(Permissions.ViewSchedulesPage, Permissions.StopSchedule);
        await using var _ = ctx;

        page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Run now");
        page.Markup.ShouldContain("Idle");
    }

    [Fact]
    public async Task Stop_IsShownOnlyWhileRunning_AndOnlyWithStopSchedule()
    {
        var (ctx, page) = await RenderAsAsync(Permissions.RunSchedule, Permissions.StopSchedule);
        await using var _ = ctx;
        page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Stop");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click();
        page.WaitForAssertion(() => page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Stop"));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop").Click();

        page.WaitForAssertion(() => page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Run now"));
        page.Markup.ShouldContain("Error");
    }

    [Fact]
    public async Task RunNow_WithRunSchedule_StartsTheScheduleAndShowsItRunning()
    {
        var (ctx, page) = await RenderAsAsync(Permissions.RunSchedule);
        await using var _ = ctx;

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Running"));
        page.FindAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Run now");
        await using var db = await _domain.DbAsync();
        var job = await db.JobLogs.SingleAsync(Xunit.TestContext.Current.CancellationToken);
        job.ScheduleId.ShouldBe(_schedule.Id);
        job.Status.ShouldBe(JobStatus.Started);
    }
}

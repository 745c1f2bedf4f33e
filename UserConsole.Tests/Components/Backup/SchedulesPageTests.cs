using Bunit;
using Microsoft.EntityFrameworkCore;
using UserConsole.App.Components.Backup;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Backup;

public sealed class SchedulesPageTests : UserConsoleTestContext
{
    private Schedule _schedule = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
        _schedule = await BackupWorld.CreateScheduleAsync(Domain, await Domain.CreateServerAsync("web-01"), await Domain.CreateStorageAsync("nas-01"), "web-01 nightly");
    }

    private async Task<IRenderedComponent<SchedulesPage>> RenderAsAsync(params string[] permissions)
    {
        var user = await Domain.CreateUserAsync("operator", await Domain.CreateRoleAsync("Operator", permissions));
        SignIn(user, Permissions.WithImplied(permissions));
        RenderMudProviders();
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => page.Markup.ShouldContain("web-01 nightly"));
        return page;
    }

    private static List<string> Buttons(IRenderedComponent<SchedulesPage> page) =>
        [.. page.FindAll("button").Select(b => b.TextContent.Trim())];

    [Fact]
    public async Task RunNow_WithoutRunSchedule_IsNotShown()
    {
        var page = await RenderAsAsync(Permissions.ViewSchedulesPage, Permissions.StopSchedule);

        Buttons(page).ShouldNotContain("Run now");
        page.Markup.ShouldContain("Idle");
    }

    [Fact]
    public async Task Stop_IsShownOnlyWhileRunning_AndOnlyWithStopSchedule()
    {
        var page = await RenderAsAsync(Permissions.RunSchedule, Permissions.StopSchedule);
        Buttons(page).ShouldNotContain("Stop");

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click();
        page.WaitForAssertion(() => Buttons(page).ShouldContain("Stop"));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop").Click();

        page.WaitForAssertion(() => Buttons(page).ShouldContain("Run now"));
        page.Markup.ShouldContain("Error");
    }

    [Fact]
    public async Task RunNow_WithRunSchedule_StartsTheScheduleAndShowsItRunning()
    {
        var page = await RenderAsAsync(Permissions.RunSchedule);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run now").Click();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Running"));
        Buttons(page).ShouldNotContain("Run now");
        await using var db = await Domain.DbAsync();
        var job = await db.JobLogs.SingleAsync(Xunit.TestContext.Current.CancellationToken);
        job.ScheduleId.ShouldBe(_schedule.Id);
        job.Status.ShouldBe(JobStatus.Started);
    }
}

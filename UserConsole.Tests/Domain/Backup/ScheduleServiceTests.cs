using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

public sealed class ScheduleServiceTests : IAsyncLifetime
{
    private DomainTestContext _ctx = null!;
    private User _admin = null!;
    private ProductionServer _server = null!;
    private StorageServer _storage = null!;
    private Schedule _schedule = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ScheduleService Schedules => _ctx.GetScoped<ScheduleService>();

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        _admin = await _ctx.BootstrapAsync();
        _server = await _ctx.CreateServerAsync("web-01");
        _storage = await _ctx.CreateStorageAsync("nas-01");
        _schedule = await BackupWorld.CreateScheduleAsync(_ctx, _server, _storage, "web-01 nightly");
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private async Task<User> OperatorAsync(string name, AccessScope? scope, params string[] permissions) =>
        await _ctx.CreateUserAsync(name, await _ctx.CreateRoleAsync($"{name} role", permissions), scope);

    private ScheduleInput Input(string name = "db nightly", string cron = "0 3 * * *") => new()
    {
        Name = name, ProductionServerId = _server.Id, StorageServerId = _storage.Id, Type = BackupType.MySql, CronExpression = cron, RetentionCount = 7,
    };

    [Fact]
    public async Task CreateAsync_WithPermission_CreatesIdleSchedule()
    {
        var result = await Schedules.CreateAsync(DomainTestContext.As(_admin), Input(), Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var schedule = await db.Schedules.SingleAsync(s => s.Id == result.Value, Token);
        schedule.State.ShouldBe(ScheduleState.Idle);
        schedule.CronExpression.ShouldBe("0 3 * * *");
        (await db.AuditEntries.CountAsync(a => a.Action == "schedule.create", Token)).ShouldBe(1);
        _ctx.Changes.Published.ShouldContain(c => c.Kind == ChangeKind.Schedule && c.Action == ChangeAction.Created);
    }

    [Theory]
    [InlineData("every day")]
    [InlineData("* * * *")]
    [InlineData("61 * * * *")]
    public async Task CreateAsync_InvalidCron_IsRefusedAtCronExpression(string cron)
    {
        var result = await Schedules.CreateAsync(DomainTestContext.As(_admin), Input(cron: cron), Token);

        result.Error!.Property.ShouldBe(nameof(ScheduleInput.CronExpression));
    }

    [Fact]
    public async Task CreateAsync_OnServerOutsideScope_IsRefused()
    {
        var other = await _ctx.CreateServerAsync("other");
        var author = await OperatorAsync("author", BackupWorld.ScopeOf([other]), Permissions.CreateSchedules);

        var result = await Schedules.CreateAsync(DomainTestContext.As(author), Input(), Token);

        result.Error.ShouldBe(BackupRules.ScheduleServerOutOfScope);
    }

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_IsRefusedAtName()
    {
        var result = await Schedules.CreateAsync(DomainTestContext.As(_admin), Input("WEB-01 NIGHTLY"), Token);

        result.Error!.Code.ShouldBe("schedule.name_taken");
    }

    [Fact]
    public async Task RunNowAsync_WithRunSchedule_StartsAJobAndPublishesIt()
    {
        var runner = await OperatorAsync("runner", null, Permissions.RunSchedule);

        var result = await Schedules.RunNowAsync(new ActingUser(runner.Id, "session-1"), _schedule.Id, Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var job = await db.JobLogs.SingleAsync(Token);
        job.Id.ShouldBe(result.Value);
        job.Status.ShouldBe(JobStatus.Started);
        job.MessageLines.ShouldBe(["Started by runner (Run now)."]);
        (await db.Schedules.SingleAsync(Token)).State.ShouldBe(ScheduleState.Running);
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.JobLog, job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ChangeAction.Created, "session-1"));
    }

    [Fact]
    public async Task RunNowAsync_WithoutRunSchedule_IsRefusedNamingIt()
    {
        var viewer = await OperatorAsync("viewer", null, Permissions.ViewSchedulesPage, Permissions.StopSchedule);

        var result = await Schedules.RunNowAsync(DomainTestContext.As(viewer), _schedule.Id, Token);

        result.Error!.Message.ShouldContain(Permissions.RunSchedule);
        await using var db = await _ctx.DbAsync();
        (await db.JobLogs.AnyAsync(Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task RunNowAsync_WhileRunning_IsRefused()
    {
        (await Schedules.RunNowAsync(DomainTestContext.As(_admin), _schedule.Id, Token)).Succeeded.ShouldBeTrue();

        var second = await Schedules.RunNowAsync(DomainTestContext.As(_admin), _schedule.Id, Token);

        second.Error!.Code.ShouldBe("schedule.running");
    }

    [Fact]
    public async Task RunNowAsync_StorageOutsideScope_IsNotFound()
    {
        var other = await _ctx.CreateStorageAsync("other");
        var runner = await OperatorAsync("runner", new AccessScope(ResourceScope.Everything, ResourceScope.Chosen([other.Id])), Permissions.RunSchedule);

        var result = await Schedules.RunNowAsync(DomainTestContext.As(runner), _schedule.Id, Token);

        result.Error.ShouldBe(BackupRules.ScheduleNotFound);
    }

    [Fact]
    public async Task StopAsync_RunningJob_EndsAsErrorStoppedByTheUser()
    {
        var stopper = await OperatorAsync("stopper", null, Permissions.StopSchedule);
        var job = (await Schedules.RunNowAsync(DomainTestContext.As(_admin), _schedule.Id, Token)).Value;

        var result = await Schedules.StopAsync(DomainTestContext.As(stopper), _schedule.Id, Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var log = await db.JobLogs.SingleAsync(j => j.Id == job, Token);
        log.Status.ShouldBe(JobStatus.Error);
        log.MessageLines[^1].ShouldBe("Stopped by stopper.");
        log.FinishedAt.ShouldNotBeNull();
        var schedule = await db.Schedules.SingleAsync(Token);
        schedule.State.ShouldBe(ScheduleState.Idle);
        schedule.LastStatus.ShouldBe(JobStatus.Error);
    }

    [Fact]
    public async Task StopAsync_WithoutStopSchedule_IsRefusedNamingIt()
    {
        var runner = await OperatorAsync("runner", null, Permissions.RunSchedule);
        (await Schedules.RunNowAsync(DomainTestContext.As(runner), _schedule.Id, Token)).Succeeded.ShouldBeTrue();

        var result = await Schedules.StopAsync(DomainTestContext.As(runner), _schedule.Id, Token);

        result.Error!.Message.ShouldContain(Permissions.StopSchedule);
        await using var db = await _ctx.DbAsync();
        (await db.JobLogs.SingleAsync(Token)).Status.ShouldBe(JobStatus.Started);
    }

    [Fact]
    public async Task StopAsync_IdleSchedule_IsRefused()
    {
        var result = await Schedules.StopAsync(DomainTestContext.As(_admin), _schedule.Id, Token);

        result.Error!.Code.ShouldBe("schedule.not_running");
    }

    [Fact]
    public async Task UpdateAsync_WhileItRuns_IsNotStale()
    {
        (await Schedules.RunNowAsync(DomainTestContext.As(_admin), _schedule.Id, Token)).Succeeded.ShouldBeTrue();
        var input = Input("web-01 nightly");
        input.ConcurrencyStamp = _schedule.ConcurrencyStamp;

        var result = await Schedules.UpdateAsync(DomainTestContext.As(_admin), _schedule.Id, input, Token);

        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task DeleteAsync_RemovesItsLogs()
    {
        (await Schedules.RunNowAsync(DomainTestContext.As(_admin), _schedule.Id, Token)).Succeeded.ShouldBeTrue();

        var result = await Schedules.DeleteAsync(DomainTestContext.As(_admin), _schedule.Id, Token);

        result.Succeeded.ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        (await db.JobLogs.AnyAsync(Token)).ShouldBeFalse();
        (await db.Schedules.AnyAsync(Token)).ShouldBeFalse();
    }
}

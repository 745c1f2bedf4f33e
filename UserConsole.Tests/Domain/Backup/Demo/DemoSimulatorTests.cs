using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Backup.Demo;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup.Demo;

/// <summary>The simulator over a fake clock: the host ticks it about once a second; here the clock jumps.</summary>
public sealed class DemoSimulatorTests : IAsyncLifetime
{
    private DomainTestContext _ctx = null!;
    private User _admin = null!;
    private StorageServer _storage = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        _admin = await _ctx.BootstrapAsync();
        _storage = await _ctx.CreateStorageAsync("nas-01");
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private DemoSimulator Simulator(double speed = 60, int seed = 1) =>
        new(_ctx.GetScoped<BackupJobs>(), _ctx.Clock, new DemoSimulatorOptions(speed, StepSeconds: 1, Seed: seed));

    private async Task TickForAsync(DemoSimulator simulator, int seconds, int step = 1)
    {
        for (var i = 0; i < seconds; i += step)
        {
            await simulator.TickAsync(Token);
            _ctx.Clock.Advance(TimeSpan.FromSeconds(step));
        }
    }

    [Fact]
    public async Task TickAsync_RunNowJob_IsCarriedOnAndFinished()
    {
        var schedule = await BackupWorld.CreateScheduleAsync(_ctx, await _ctx.CreateServerAsync("web-01"), _storage, "web-01 nightly", cron: "0 0 1 1 *");
        var job = (await _ctx.GetScoped<ScheduleService>().RunNowAsync(DomainTestContext.As(_admin), schedule.Id, Token)).Value;
        var simulator = Simulator();

        await TickForAsync(simulator, 30);

        await using var db = await _ctx.DbAsync();
        var log = await db.JobLogs.SingleAsync(j => j.Id == job, Token);
        log.Status.ShouldNotBe(JobStatus.Started);
        log.MessageLines.Count.ShouldBeGreaterThan(3);
        log.MessageLines[0].ShouldBe($"Started by {_admin.UserName} (Run now).");
        var saved = await db.Schedules.SingleAsync(Token);
        saved.State.ShouldBe(ScheduleState.Idle);
        saved.LastStatus.ShouldBe(log.Status);
        var points = await db.BackupPoints.CountAsync(Token);
        points.ShouldBe(log.Status == JobStatus.Error ? 0 : 1);
        (await db.StorageServers.SingleAsync(Token)).UsedBytes.ShouldBe(_storage.UsedBytes + (await db.BackupPoints.SumAsync(p => p.SizeBytes, Token)));
        _ctx.Changes.Published.Count(c => c.Kind == ChangeKind.JobLog && c.EntityId == job.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeGreaterThan(3);
        simulator.ActiveJobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task TickAsync_HourlySchedule_RunsEveryMinuteAtSpeed60()
    {
        await BackupWorld.CreateScheduleAsync(_ctx, await _ctx.CreateServerAsync("db-01"), _storage, "db-01 hourly", cron: "0 * * * *", type: BackupType.MySql);
        var simulator = Simulator(speed: 60);

        await TickForAsync(simulator, 185, step: 5);

        await using var db = await _ctx.DbAsync();
        var runs = await db.JobLogs.CountAsync(Token);
        runs.ShouldBeInRange(2, 4); // three simulated hours pass in 185 s; the first boundary depends on the clock's start
        (await db.JobLogs.CountAsync(j => j.Status == JobStatus.Started, Token)).ShouldBeLessThanOrEqualTo(1);
        (await db.JobLogs.FirstAsync(Token)).MessageLines[0].ShouldBe("Started on schedule (0 * * * *, UTC).");
    }

    [Fact]
    public async Task TickAsync_DisabledSchedule_NeverRuns()
    {
        var schedule = await BackupWorld.CreateScheduleAsync(_ctx, await _ctx.CreateServerAsync("db-01"), _storage, "db-01 every minute", cron: "* * * * *");
        await using (var db = await _ctx.DbAsync())
        {
            var saved = await db.Schedules.SingleAsync(Token);
            saved.Update(saved.Name, saved.ProductionServerId, saved.StorageServerId, saved.Type, saved.CronExpression, saved.RetentionCount, enabled: false);
            await db.SaveChangesAsync(Token);
        }

        await TickForAsync(Simulator(), 20);

        await using var check = await _ctx.DbAsync();
        (await check.JobLogs.AnyAsync(j => j.ScheduleId == schedule.Id, Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task TickAsync_JobStoppedMeanwhile_IsDroppedAndStaysStopped()
    {
        var schedule = await BackupWorld.CreateScheduleAsync(_ctx, await _ctx.CreateServerAsync("web-01"), _storage, "web-01 nightly", cron: "0 0 1 1 *");
        var schedules = _ctx.GetScoped<ScheduleService>();
        var job = (await schedules.RunNowAsync(DomainTestContext.As(_admin), schedule.Id, Token)).Value;
        var simulator = Simulator();
        await TickForAsync(simulator, 2);
        simulator.ActiveJobs.ShouldContain(job);

        (await schedules.StopAsync(DomainTestContext.As(_admin), schedule.Id, Token)).Succeeded.ShouldBeTrue();
        await TickForAsync(simulator, 30);

        simulator.ActiveJobs.ShouldBeEmpty();
        await using var db = await _ctx.DbAsync();
        var log = await db.JobLogs.SingleAsync(Token);
        log.Status.ShouldBe(JobStatus.Error);
        log.MessageLines[^1].ShouldBe($"Stopped by {_admin.UserName}.");
        (await db.BackupPoints.AnyAsync(Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task FinishAsync_BeyondRetention_DropsOldestPointsAndFreesTheirSpace()
    {
        var schedule = await BackupWorld.CreateScheduleAsync(_ctx, await _ctx.CreateServerAsync("web-01"), _storage, "web-01 nightly", retention: 2);
        var jobs = _ctx.GetScoped<BackupJobs>();
        for (var i = 1; i <= 3; i++)
        {
            var job = (await jobs.StartScheduledAsync(schedule.Id, Token))!.Value;
            (await jobs.FinishAsync(job, JobStatus.Completed, "Completed.", i * 1_000_000L, Token)).ShouldBeTrue();
            _ctx.Clock.Advance(TimeSpan.FromDays(1));
        }

        await using var db = await _ctx.DbAsync();
        (await db.BackupPoints.Select(p => p.SizeBytes).OrderBy(s => s).ToListAsync(Token)).ShouldBe([2_000_000L, 3_000_000L]);
        (await db.StorageServers.SingleAsync(Token)).UsedBytes.ShouldBe(_storage.UsedBytes + 5_000_000L);
        (await db.BackupPoints.OrderBy(p => p.CreatedAt).Select(p => p.Type).ToListAsync(Token)).ShouldBe([PointType.Incremental, PointType.Incremental]);
    }
}

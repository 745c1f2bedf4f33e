using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Backup.Demo;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup.Demo;

public sealed class DemoDataTests : IAsyncLifetime
{
    private DomainTestContext _ctx = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _ctx = await DomainTestContext.CreateAsync();

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task SeedAsync_EmptyDatabase_SeedsTheDemoEstateWithSixtyDaysOfHistory()
    {
        var result = await _ctx.GetScoped<DemoDataSeeder>().SeedAsync(Token);

        result.ShouldNotBeNull();
        var all = await BackupWorld.LoadAllAsync(_ctx);
        all.Servers.Count.ShouldBe(12);
        all.Storages.Count.ShouldBe(4);
        all.Storages.Select(s => s.Kind).Distinct().ShouldBe([StorageKind.Linux, StorageKind.Cloud], ignoreOrder: true);
        all.Schedules.Count.ShouldBe(30);
        all.Servers.ShouldAllBe(s => s.Host.EndsWith(".demo.example", StringComparison.Ordinal));
        all.Schedules.Where(s => !ScheduleCron.IsValid(s.CronExpression)).ShouldBeEmpty();
        all.Schedules.ShouldAllBe(s => s.State == ScheduleState.Idle);

        var now = _ctx.Clock.GetUtcNow().UtcDateTime;
        all.JobLogs.Count.ShouldBe(result.JobLogs);
        all.JobLogs.Min(j => j.StartedAt).ShouldBeLessThan(now.AddDays(-59));
        all.JobLogs.ShouldAllBe(j => j.FinishedAt < now && j.Status != JobStatus.Started);
        foreach (var status in new[] { JobStatus.Completed, JobStatus.Warning, JobStatus.Error })
        {
            all.JobLogs.Count(j => j.Status == status).ShouldBeGreaterThan(10, $"{status} runs");
        }

        all.JobLogs.ShouldAllBe(j => j.Lines.Split('\n', StringSplitOptions.None).Length >= 4);
        all.Points.Count.ShouldBe(result.Points);
        all.Schedules.ShouldAllBe(s => all.Points.Count(p => p.ScheduleId == s.Id) <= s.RetentionCount);
        all.Storages.ShouldAllBe(s => s.UsedBytes > 0 && s.UsedBytes < s.CapacityBytes);
    }

    [Fact]
    public async Task SeedAsync_DatabaseWithServers_SeedsNothing()
    {
        await _ctx.CreateServerAsync("real-01");

        var result = await _ctx.GetScoped<DemoDataSeeder>().SeedAsync(Token);

        result.ShouldBeNull();
        await using var db = await _ctx.DbAsync();
        (await db.ProductionServers.CountAsync(Token)).ShouldBe(1);
        (await db.JobLogs.AnyAsync(Token)).ShouldBeFalse();
    }
}

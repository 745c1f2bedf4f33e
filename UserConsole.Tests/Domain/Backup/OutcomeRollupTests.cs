using System.Globalization;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

/// <summary>The daily outcome rollup equals a count over the job logs after random histories: jobs started, finished
/// (through <see cref="Schedule.FinishJob"/>), written already finished, deleted, and schedules deleted with their
/// logs; and the Monitor's chart query over it equals the old count over the logs under every kind of scope.</summary>
public sealed class OutcomeRollupTests : IAsyncLifetime
{
    private const int Histories = 1_000;

    private DomainTestContext _context = null!;
    private BackupWorld _world = null!;

    private enum Step
    {
        Start,
        Finish,
        WriteFinished,
        DeleteLog,
        DeleteSchedule,
    }

    private sealed record Action(Step Step, int Pick, int DaysAgo, int Minute, JobStatus Outcome);

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _world = await BackupWorld.CreateAsync(_context, servers: 3, storages: 2);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Rollup_AfterRandomHistories_EqualsTheCountOverTheLogs()
    {
        var actions = Gen.Select(
            Gen.Frequency((4, Gen.Const(Step.Start)), (4, Gen.Const(Step.Finish)), (3, Gen.Const(Step.WriteFinished)), (2, Gen.Const(Step.DeleteLog)), (1, Gen.Const(Step.DeleteSchedule))),
            Gen.Int[0, 1_000], Gen.Int[0, 15], Gen.Int[0, 24 * 60 - 1], Gen.Int[1, 3],
            (step, pick, daysAgo, minute, outcome) => new Action(step, pick, daysAgo, minute, (JobStatus)outcome));
        var histories = new List<Action[]>();
        actions.Array[1, 6].Sample(h => histories.Add(h), iter: Histories, threads: 1);
        var token = TestContext.Current.CancellationToken;
        var applied = new Dictionary<Step, int>();

        for (var i = 0; i < histories.Count; i++)
        {
            foreach (var step in await ApplyAsync(histories[i], token))
            {
                applied[step] = applied.GetValueOrDefault(step) + 1;
            }

            (await RollupAsync()).ShouldBe(await CountOverLogsAsync(), $"after history {i}");
            if (i % 100 == 0)
            {
                await ChartQueryMatchesTheLogsAsync(token);
            }
        }

        await ChartQueryMatchesTheLogsAsync(token);
        foreach (var step in Enum.GetValues<Step>())
        {
            applied.GetValueOrDefault(step).ShouldBeGreaterThan(10, $"too few {step} steps were applied");
        }
    }

    [Fact]
    public async Task GetOutcomesPerDayAsync_ScopedOperator_CountsOnlyVisibleSchedulesFromTheRollup()
    {
        var role = await _context.CreateRoleAsync("Monitor viewer", Permissions.ViewMonitorPage);
        var scope = BackupWorld.ScopeOf([_world.Servers[0]], [_world.Storages[1]]);
        var user = await _context.CreateUserAsync("scoped.monitor", role, scope);
        await using var db = await _context.DbAsync();
        var first = DateOnly.FromDateTime(_context.Clock.GetUtcNow().UtcDateTime).AddDays(-13);
        var expected = await OldChartQuery(db, scope, first).ToListAsync(TestContext.Current.CancellationToken);

        var result = await _context.GetScoped<MonitorQueries>().GetOutcomesPerDayAsync(DomainTestContext.As(user), cancellationToken: TestContext.Current.CancellationToken);

        result.Value.Items.Sum(d => d.Total).ShouldBe(expected.Sum(c => c.Count));
        result.Value.Items.Sum(d => d.Total).ShouldBeGreaterThan(0);
        MonitorQueries.OutcomesQuery(db, scope, first).ToQueryString().ShouldNotContain("\"JobLogs\"");
    }

    private async Task<List<Step>> ApplyAsync(Action[] history, CancellationToken token)
    {
        var now = _context.Clock.GetUtcNow().UtcDateTime;
        var done = new List<Step>();
        await using var db = await _context.DbAsync();
        var schedules = await db.Schedules.OrderBy(s => s.Id).ToListAsync(token);
        foreach (var action in history)
        {
            var schedule = schedules[action.Pick % schedules.Count];
            var start = now.Date.AddDays(-action.DaysAgo).AddMinutes(action.Minute).AddTicks(action.Pick);
            switch (action.Step)
            {
                case Step.Start:
                    db.JobLogs.Add(schedule.StartJob(start, "Started by a test."));
                    break;
                case Step.Finish:
                    var running = await db.JobLogs.Where(j => j.Status == JobStatus.Started).OrderBy(j => j.Id).Skip(action.Pick % 3).FirstOrDefaultAsync(token);
                    if (running is null)
                    {
                        continue;
                    }

                    schedules.Single(s => s.Id == running.ScheduleId).FinishJob(running, start, action.Outcome, "Finished by a test.");
                    break;
                case Step.WriteFinished:
                    var job = schedule.StartJob(start, "Started by a test.");
                    schedule.FinishJob(job, start.AddMinutes(3), action.Outcome, "Finished by a test.");
                    db.JobLogs.Add(job);
                    break;
                case Step.DeleteLog:
                    var log = await db.JobLogs.Where(j => j.ScheduleId == schedule.Id).OrderBy(j => j.Id).Skip(action.Pick % 5).FirstOrDefaultAsync(token);
                    if (log is null)
                    {
                        continue;
                    }

                    db.JobLogs.Remove(log);
                    break;
                case Step.DeleteSchedule:
                    if (action.Pick % 4 != 0 || schedules.Count < 3)
                    {
                        continue;
                    }

                    // The database deletes its logs (cascade); a new schedule takes its place.
                    await db.SaveChangesAsync(token);
                    await db.Schedules.Where(s => s.Id == schedule.Id).ExecuteDeleteAsync(token);
                    db.ChangeTracker.Clear();
                    var replacement = new Schedule($"replacement {Guid.NewGuid():N}", schedule.ProductionServerId, schedule.StorageServerId,
                        BackupType.Files, "0 2 * * *", 30, enabled: true, now);
                    db.Schedules.Add(replacement);
                    await db.SaveChangesAsync(token);
                    schedules = await db.Schedules.OrderBy(s => s.Id).ToListAsync(token);
                    break;
            }

            done.Add(action.Step);
        }

        await db.SaveChangesAsync(token);
        return done;
    }

    private async Task ChartQueryMatchesTheLogsAsync(CancellationToken token)
    {
        var first = DateOnly.FromDateTime(_context.Clock.GetUtcNow().UtcDateTime).AddDays(-13);
        var scopes = new[]
        {
            AccessScope.Everything,
            BackupWorld.ScopeOf([_world.Servers[0], _world.Servers[2]]),
            new AccessScope(ResourceScope.Everything, ResourceScope.Chosen([_world.Storages[0].Id])),
            BackupWorld.ScopeOf([_world.Servers[1]], [_world.Storages[1]]),
            BackupWorld.ScopeOf([]),
        };
        await using var db = await _context.DbAsync();
        foreach (var scope in scopes)
        {
            var expected = (await OldChartQuery(db, scope, first).ToListAsync(token)).OrderBy(c => c.Day).ThenBy(c => c.Status).ToList();
            var actual = (await MonitorQueries.OutcomesQuery(db, scope, first).ToListAsync(token)).OrderBy(c => c.Day).ThenBy(c => c.Status).ToList();
            actual.ShouldBe(expected);
        }
    }

    // The chart's query before the rollup: visible finished logs since the first day, counted per day and status.
    private static IQueryable<OutcomeCount> OldChartQuery(UserConsoleDbContext db, AccessScope scope, DateOnly firstDay)
    {
        var since = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return db.VisibleJobLogs(scope).AsNoTracking()
            .Where(j => j.StartedAt >= since && j.Status != JobStatus.Started)
            .GroupBy(j => new { Day = BackupSql.Day(j.StartedAt), j.Status })
            .Select(g => new OutcomeCount(g.Key.Day, g.Key.Status, g.Count()));
    }

    private Task<List<string>> RollupAsync() => RowsAsync("SELECT \"Day\", \"ScheduleId\", \"Status\", \"Count\" FROM \"JobOutcomeDays\" ORDER BY 1, 2, 3");

    private Task<List<string>> CountOverLogsAsync() => RowsAsync(
        $"SELECT {(TestProvider.IsPostgres ? "to_char(\"StartedAt\" AT TIME ZONE 'UTC', 'YYYY-MM-DD')" : "date(\"StartedAt\")")}, \"ScheduleId\", \"Status\", COUNT(*) FROM \"JobLogs\" WHERE \"Status\" <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await _context.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL of this test.
        command.CommandText = sql;
#pragma warning restore CA2100
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)}|{Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)}|{Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)}");
        }

        return rows;
    }
}

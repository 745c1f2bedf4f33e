using System.Globalization;

namespace UserConsole.Domain.Backup;

/// <summary>Reads of the Monitor page. Each chart aggregates, in the database, only the rows the actor's scope
/// shows: job outcomes per day sum the daily rollup of visible schedules; storage use lists visible storages; running jobs are
/// visible job logs still in the Started state.</summary>
public sealed class MonitorQueries(IDbContextFactory<UserConsoleDbContext> contextFactory, TimeProvider clock)
{
    public const int DefaultDays = 14;

    /// <summary>Finished jobs per UTC day for the last <paramref name="days"/> days (today included), oldest first,
    /// with a row for every day (zero when nothing ran).</summary>
    public async Task<Result<Scoped<DayOutcomes>>> GetOutcomesPerDayAsync(ActingUser by, int days = DefaultDays, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 366);
        return await contextFactory.ReadAsync(by, Permissions.ViewMonitorPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var first = today.AddDays(1 - days);
            var counts = await OutcomesQuery(db, scope, first).ToListAsync(cancellationToken);
            var byDay = counts.ToLookup(c => DateOnly.ParseExact(c.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            var rows = Enumerable.Range(0, days)
                .Select(i => first.AddDays(i))
                .Select(day => new DayOutcomes(
                    day,
                    byDay[day].Where(c => c.Status == JobStatus.Completed).Sum(c => c.Count),
                    byDay[day].Where(c => c.Status == JobStatus.Warning).Sum(c => c.Count),
                    byDay[day].Where(c => c.Status == JobStatus.Error).Sum(c => c.Count)))
                .ToList();
            return new Scoped<DayOutcomes>(rows, ScopeReach.Of(scope));
        }, cancellationToken);
    }

    /// <summary>Finished jobs visible under <paramref name="scope"/> since <paramref name="firstDay"/>, per UTC day and
    /// status: the query of the outcomes chart, exposed for tests and the benchmark. It sums the daily rollup
    /// (<see cref="JobOutcomeDay"/>, per day, schedule and status, kept in step with the logs by the database), so it
    /// reads a few rows per schedule and day instead of every log.</summary>
    public static IQueryable<OutcomeCount> OutcomesQuery(UserConsoleDbContext db, AccessScope scope, DateOnly firstDay)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return db.JobOutcomeDays.VisibleTo(db.Schedules, scope).AsNoTracking()
#pragma warning disable CA1309 // Translated to SQL "Day >= @since", compared by SQLite's BINARY collation (ordinal).
            .Where(d => string.Compare(d.Day, since) >= 0)
#pragma warning restore CA1309
            .GroupBy(d => new { d.Day, d.Status })
            .Select(g => new OutcomeCount(g.Key.Day, g.Key.Status, g.Sum(d => d.Count)));
    }

    /// <summary>Used versus capacity of every storage in scope, by name.</summary>
    public async Task<Result<Scoped<StorageUsage>>> GetStorageUsageAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadAsync(by, Permissions.ViewMonitorPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var rows = await db.StorageServers.AsNoTracking().VisibleTo(scope)
                .OrderBy(s => s.Name)
                .Select(s => new StorageUsage(s.Id, s.Name, s.Kind, s.CapacityBytes, s.UsedBytes))
                .ToListAsync(cancellationToken);
            return new Scoped<StorageUsage>(rows, ScopeReach.Of(scope));
        }, cancellationToken);
    }

    /// <summary>Jobs that are running now (job logs in the Started state), newest first.</summary>
    public async Task<Result<Scoped<RunningJob>>> ListRunningJobsAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadAsync(by, Permissions.ViewMonitorPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var rows = await db.VisibleJobLogs(scope).AsNoTracking()
                .Where(j => j.Status == JobStatus.Started)
                .OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id)
                .Select(j => new RunningJob(j.Id, j.ScheduleId, j.Schedule.Name, j.Schedule.ProductionServer.Name, j.Schedule.StorageServer.Name,
                    j.StartedAt, LastLine(j.Lines)))
                .ToListAsync(cancellationToken);
            return new Scoped<RunningJob>(rows, ScopeReach.Of(scope));
        }, cancellationToken);
    }

    private static string LastLine(string lines)
    {
        var at = lines.LastIndexOf('\n');
        return at < 0 ? lines : lines[(at + 1)..];
    }
}

/// <summary>How many finished jobs of one status started on one UTC day ("yyyy-MM-dd").</summary>
public sealed record OutcomeCount(string Day, JobStatus Status, int Count);

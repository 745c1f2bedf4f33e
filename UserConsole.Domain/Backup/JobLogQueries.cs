namespace UserConsole.Domain.Backup;

/// <summary>Reads of the Logs page: job logs newest first, filtered by the actor's scope and the page's filters in
/// one SQL query, paged in the database.</summary>
public sealed class JobLogQueries(IDbContextFactory<UserConsoleDbContext> contextFactory)
{
    public async Task<Result<Paged<JobLogRow>>> ListLogsAsync(ActingUser by, LogFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        return await contextFactory.ReadAsync(by, Permissions.ViewBackupLogsPage, async (db, actor) =>
        {
            var scope = actor.Scope;
            var logs = LogsQuery(db, scope, filter);
            var total = await logs.CountAsync(cancellationToken);
            var rows = await PageQuery(db, logs, page).ToListAsync(cancellationToken);
            return new Paged<JobLogRow>(rows, total, ScopeReach.Of(scope));
        }, cancellationToken);
    }

    /// <summary>How many of <paramref name="jobIds"/> the actor sees under <paramref name="filter"/>: lets an open
    /// Logs page skip live reloads for jobs outside its scope or filters.</summary>
    public async Task<Result<int>> CountVisibleAsync(ActingUser by, IReadOnlyCollection<long> jobIds, LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        ArgumentNullException.ThrowIfNull(filter);
        if (jobIds.Count == 0)
        {
            return 0;
        }

        return await contextFactory.ReadAsync(by, Permissions.ViewBackupLogsPage, async (db, actor) =>
        {
            var ids = jobIds.ToArray();
            return await LogsQuery(db, actor.Scope, filter).CountAsync(j => ids.Contains(j.Id), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The logs visible under <paramref name="scope"/> that match <paramref name="filter"/>, newest first:
    /// the query <see cref="ListLogsAsync"/> runs, exposed so that tests and the benchmark can read its SQL.</summary>
    public static IQueryable<JobLog> LogsQuery(UserConsoleDbContext db, AccessScope scope, LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var logs = db.VisibleJobLogs(scope).AsNoTracking();
        if (filter.Status is { } status)
        {
            logs = logs.Where(j => j.Status == status);
        }

        if (filter.ProductionServerId is { } serverId)
        {
            var ofServer = db.Schedules.Where(s => s.ProductionServerId == serverId).Select(s => s.Id);
            logs = logs.Where(j => ofServer.Contains(j.ScheduleId));
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            logs = logs.Where(j => j.StartedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            logs = logs.Where(j => j.StartedAt < end);
        }

        return logs.OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id);
    }

    /// <summary>One page of <paramref name="logs"/> as rows. The page's ids are chosen first from the indexes alone
    /// (<c>Id IN (SELECT Id … ORDER BY … LIMIT …)</c>), so only the rows shown are read from the table, then names
    /// are joined and message lines split after loading.</summary>
    public static IQueryable<JobLogRow> PageQuery(UserConsoleDbContext db, IQueryable<JobLog> logs, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(page);
        var ids = logs.Skip(page.Skip).Take(page.Take).Select(j => j.Id);
        return db.JobLogs.AsNoTracking()
            .Where(j => ids.Contains(j.Id))
            .OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id)
            .Select(j => new JobLogRow(j.Id, j.StartedAt, j.FinishedAt, j.Status, j.ScheduleId, j.Schedule.Name,
                j.Schedule.ProductionServer.Name, j.Schedule.StorageServer.Name, SplitLines(j.Lines)));
    }

    private static string[] SplitLines(string lines) => lines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

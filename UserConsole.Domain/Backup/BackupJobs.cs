using System.Globalization;

namespace UserConsole.Domain.Backup;

/// <summary>What a schedule needs for timing: its cron expression and whether it is enabled.</summary>
public sealed record ScheduleTiming(int Id, string CronExpression, bool Enabled);

/// <summary>A job that is running, with what its messages talk about.</summary>
public sealed record StartedJob(long JobId, int ScheduleId, BackupType Type, string ServerName, string Host, string StorageName);

/// <summary>The writes of the backup agent: it starts runs on the schedules' cron, writes their message lines and
/// finishes them, making a backup point on success (and dropping points beyond the schedule's retention). No person
/// acts here, so there is no permission check and no audit entry; each write is published to the live feed.
/// In this product the Development simulator (<see cref="Demo.DemoSimulator"/>) plays the agent.</summary>
public sealed class BackupJobs(IDbContextFactory<UserConsoleDbContext> contextFactory, IChangePublisher changes, Mail.BackupNotifications notifications, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<IReadOnlyList<ScheduleTiming>> ListSchedulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Schedules.AsNoTracking()
            .OrderBy(s => s.Id)
            .Select(s => new ScheduleTiming(s.Id, s.CronExpression, s.Enabled))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StartedJob>> ListStartedJobsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobLogs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Started)
            .OrderBy(j => j.Id)
            .Select(j => new StartedJob(j.Id, j.ScheduleId, j.Schedule.Type, j.Schedule.ProductionServer.Name, j.Schedule.ProductionServer.Host,
                j.Schedule.StorageServer.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Starts a run of an enabled, idle schedule on its cron; null when it is gone, disabled or running.</summary>
    public Task<long?> StartScheduledAsync(int scheduleId, CancellationToken cancellationToken = default) =>
        WithRetryAsync<long?>(async db =>
        {
            var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
            if (schedule is not { Enabled: true, State: ScheduleState.Idle })
            {
                return null;
            }

            var job = schedule.StartJob(Now(), $"Started on schedule ({schedule.CronExpression}, UTC).");
            db.JobLogs.Add(job);
            await notifications.QueueAsync(db, job.StartedAt, job, Mail.BackupEvent.Starting, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Publish(ChangeKind.JobLog, job.Id, ChangeAction.Created);
            Publish(ChangeKind.Schedule, schedule.Id, ChangeAction.Updated);
            return job.Id;
        }, cancellationToken);

    /// <summary>Adds a message line to a running job; false when the job is gone or already finished (stopped).</summary>
    public Task<bool> AppendLineAsync(long jobId, string line, CancellationToken cancellationToken = default) =>
        WithRetryAsync(async db =>
        {
            var job = await db.JobLogs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is not { IsRunning: true })
            {
                return false;
            }

            job.AppendLine(line);
            await db.SaveChangesAsync(cancellationToken);
            Publish(ChangeKind.JobLog, job.Id, ChangeAction.Updated);
            return true;
        }, cancellationToken);

    /// <summary>Finishes a running job. Unless it failed, a backup point of <paramref name="pointSizeBytes"/> is made
    /// on the storage, and the oldest points beyond the schedule's retention are dropped (their space freed).</summary>
    public Task<bool> FinishAsync(long jobId, JobStatus outcome, string lastLine, long pointSizeBytes, CancellationToken cancellationToken = default) =>
        WithRetryAsync(async db =>
        {
            var job = await db.JobLogs.Include(j => j.Schedule).ThenInclude(s => s.StorageServer)
                .SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is not { IsRunning: true })
            {
                return false;
            }

            var now = Now();
            var schedule = job.Schedule;
            schedule.FinishJob(job, now, outcome, lastLine);
            BackupPoint? point = null;
            var dropped = new List<BackupPoint>();
            if (outcome != JobStatus.Error)
            {
                var lastFull = await db.BackupPoints.Where(p => p.ScheduleId == schedule.Id && p.Type == PointType.Full)
                    .MaxAsync(p => (DateTime?)p.CreatedAt, cancellationToken);
                var type = lastFull is { } full && now - full < TimeSpan.FromDays(7) ? PointType.Incremental : PointType.Full;
                point = new BackupPoint(schedule.Id, now, pointSizeBytes, type);
                db.BackupPoints.Add(point);
                schedule.StorageServer.AddUsed(pointSizeBytes);
                dropped = await db.BackupPoints.Where(p => p.ScheduleId == schedule.Id)
                    .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
                    .Skip(Math.Max(0, schedule.RetentionCount - 1))
                    .ToListAsync(cancellationToken);
                foreach (var old in dropped)
                {
                    db.BackupPoints.Remove(old);
                    schedule.StorageServer.AddUsed(-old.SizeBytes);
                }
            }

            // The mails commit with the outcome (one SaveChanges, one transaction).
            await notifications.QueueAsync(db, now, job, Mail.BackupNotifications.EventOf(outcome, lastLine), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Publish(ChangeKind.JobLog, job.Id, ChangeAction.Updated);
            Publish(ChangeKind.Schedule, schedule.Id, ChangeAction.Updated);
            if (point is not null)
            {
                Publish(ChangeKind.BackupPoint, point.Id, ChangeAction.Created);
                Publish(ChangeKind.StorageServer, schedule.StorageServerId, ChangeAction.Updated);
            }

            foreach (var old in dropped)
            {
                Publish(ChangeKind.BackupPoint, old.Id, ChangeAction.Deleted);
            }

            return true;
        }, cancellationToken);

    // An edit of the same schedule between our read and write changes its concurrency stamp: read again and retry.
    private async Task<T> WithRetryAsync<T>(Func<UserConsoleDbContext, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            try
            {
                return await operation(db);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // retry with fresh values
            }
        }
    }

    private void Publish(ChangeKind kind, long id, ChangeAction action) =>
        changes.Publish(new DomainChange(kind, id.ToString(CultureInfo.InvariantCulture), action));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

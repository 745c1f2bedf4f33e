namespace UserConsole.Domain.Mail;

/// <summary>Sends the running-time alerts: for every running job past a threshold someone chose (24 to 96 hours),
/// one mail per job, user and threshold, ever (the outbox's unique key holds it). Run it periodically; the clock is
/// the injected <see cref="TimeProvider"/>, so a test can move it.</summary>
public sealed class RunningTimeAlertCheck(IDbContextFactory<UserConsoleDbContext> contextFactory, BackupNotifications notifications, TimeProvider clock)
{
    /// <summary>Queues the alerts now due; returns how many.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var shortest = TimeSpan.FromHours(Users.NotificationSettings.Thresholds.Min(t => t.Hours));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var since = now - shortest;
        var running = await db.JobLogs.Where(j => j.Status == Backup.JobStatus.Started && j.StartedAt <= since).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var job in running)
        {
            foreach (var (_, hours) in Users.NotificationSettings.Thresholds.Where(t => job.StartedAt.AddHours(t.Hours) <= now))
            {
                queued += await notifications.QueueAsync(db, now, job, BackupEvent.RunningTooLong, cancellationToken, hours);
            }
        }

        if (queued > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (db.ChangeTracker.Entries<OutboxMessage>().Any())
            {
                // Another instance queued the same alerts meanwhile (the unique key refused ours): they go out once.
                return 0;
            }
        }

        return queued;
    }
}

using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Mail;

/// <summary>The backup events a person may choose on the profile ("Email me when …").</summary>
public enum BackupEvent
{
    Starting,
    Stopped,
    Completed,
    Warnings,
    Errors,
    ConnectionErrors,
    RunningTooLong,
}

/// <summary>Queues backup notifications into the caller's DbContext (so they commit with the job's change): one mail
/// per event to each user who chose that event, holds email_notifications, is enabled, and whose scope shows the
/// job's schedule (its production server and its storage, by <see cref="BackupScope"/>, the same filter every backup
/// page uses). Nobody else gets one.</summary>
public sealed class BackupNotifications(IOptions<MailOptions> options)
{
    /// <summary>The event of a finished job: a stop, a connection error (an error whose last line is about a lost or
    /// refused connection), an error, warnings or completion.</summary>
    public static BackupEvent EventOf(JobStatus outcome, string lastLine, bool stopped = false) => outcome switch
    {
        _ when stopped => BackupEvent.Stopped,
        JobStatus.Completed => BackupEvent.Completed,
        JobStatus.Warning => BackupEvent.Warnings,
        JobStatus.Error when lastLine.Contains("connection", StringComparison.OrdinalIgnoreCase) => BackupEvent.ConnectionErrors,
        JobStatus.Error => BackupEvent.Errors,
        _ => BackupEvent.Starting,
    };

    /// <summary>Queues the event's mails for <paramref name="job"/> (tracked in <paramref name="db"/>, not yet saved).
    /// Returns how many.</summary>
    public async Task<int> QueueAsync(UserConsoleDbContext db, DateTime now, JobLog job, BackupEvent backupEvent, CancellationToken cancellationToken, int? thresholdHours = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        var about = await db.Schedules.AsNoTracking().Where(s => s.Id == job.ScheduleId)
            .Select(s => new { s.Name, Server = s.ProductionServer.Name, Storage = s.StorageServer.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (about is null)
        {
            return 0;
        }

        var config = (await MailSettingsStore.ReadAsync(db, options.Value, cancellationToken)).Config;
        var queued = 0;
        foreach (var recipient in await RecipientsAsync(db, job.ScheduleId, Chose(backupEvent, thresholdHours), cancellationToken))
        {
            var key = thresholdHours is { } hours ? string.Create(CultureInfo.InvariantCulture, $"running:{job.Id}:{recipient.Id}:{hours}") : null;
            if (key is not null && await db.Outbox.AnyAsync(m => m.DedupKey == key, cancellationToken))
            {
                continue;
            }

            var (subject, body) = Compose(backupEvent, about.Name, about.Server, about.Storage, job, now, thresholdHours, config, recipient.FullName ?? recipient.UserName);
            MailOutbox.Queue(db, now, "backup." + backupEvent.ToString().ToLowerInvariant(), recipient.Email, recipient.FullName, subject, body, key);
            queued++;
        }

        return queued;
    }

    private sealed record Recipient(Guid Id, string UserName, string? FullName, string Email);

    /// <summary>Users who chose the event, then only those who may act, hold email_notifications and see the schedule.</summary>
    private static async Task<List<Recipient>> RecipientsAsync(UserConsoleDbContext db, int scheduleId, Expression<Func<User, bool>> chose, CancellationToken cancellationToken)
    {
        var candidates = await db.Users.AsNoTracking().Where(u => u.IsEnabled && u.Email != null).Where(chose)
            .Select(u => new Recipient(u.Id, u.UserName!, u.FullName, u.Email!)).ToListAsync(cancellationToken);
        var recipients = new List<Recipient>();
        foreach (var candidate in candidates)
        {
            var access = await ActorLoader.LoadAccessAsync(db, candidate.Id, cancellationToken);
            if (access is not { IsEnabled: true } || !access.Permissions.Contains(Permissions.EmailNotifications))
            {
                continue;
            }

            if (await db.Schedules.VisibleTo(access.Scope).AnyAsync(s => s.Id == scheduleId, cancellationToken))
            {
                recipients.Add(candidate);
            }
        }

        return recipients;
    }

    /// <summary>Who chose the event. A connection error is an error too: it goes to who chose either.</summary>
    private static Expression<Func<User, bool>> Chose(BackupEvent backupEvent, int? thresholdHours) => backupEvent switch
    {
        BackupEvent.Starting => u => u.Notifications.BackupStarting,
        BackupEvent.Stopped => u => u.Notifications.BackupStopped,
        BackupEvent.Completed => u => u.Notifications.BackupCompleted,
        BackupEvent.Warnings => u => u.Notifications.BackupWarnings,
        BackupEvent.Errors => u => u.Notifications.BackupErrors,
        BackupEvent.ConnectionErrors => u => u.Notifications.ConnectionErrors || u.Notifications.BackupErrors,
        BackupEvent.RunningTooLong => Threshold(thresholdHours ?? throw new ArgumentNullException(nameof(thresholdHours))),
        _ => throw new ArgumentOutOfRangeException(nameof(backupEvent), backupEvent, null),
    };

    private static Expression<Func<User, bool>> Threshold(int hours)
    {
        var flag = NotificationSettings.Thresholds.Single(t => t.Hours == hours).Flag;
        return u => (u.Notifications.RunningTimeAlerts & flag) == flag;
    }

    private static (string Subject, string Body) Compose(BackupEvent backupEvent, string schedule, string server, string storage, JobLog job,
        DateTime now, int? thresholdHours, SmtpConfig config, string name)
    {
        var outcome = backupEvent switch
        {
            BackupEvent.Starting => "started",
            BackupEvent.Stopped => "was stopped",
            BackupEvent.Completed => "completed",
            BackupEvent.Warnings => "completed with warnings",
            BackupEvent.Errors => "failed",
            BackupEvent.ConnectionErrors => "failed: connection error",
            _ => $"has been running for more than {thresholdHours} hours",
        };
        var duration = (job.FinishedAt ?? now) - job.StartedAt;
        var lines = job.MessageLines;
        var latest = lines.Count > 0 ? lines[^1] : "";
        var subject = $"Backup {schedule} {outcome} ({server} → {storage})";
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            Hello {name},

            The backup schedule {schedule} {outcome}.

            Schedule: {schedule}
            Production server: {server}
            Storage: {storage}
            Outcome: {(job.IsRunning ? "running" : job.Status.ToString())}
            Started: {job.StartedAt:yyyy-MM-dd HH:mm:ss} UTC
            Duration: {Duration(duration)}
            Latest message: {latest}

            The log: {config.Link("/logs")}{(job.Id > 0 ? $" (run #{job.Id})" : "")}

            You receive this because you chose it under Profile → Backup notifications ({config.Link("/profile")}).
            """);
        return (subject, body);
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds} s");
}

using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;

namespace UserConsole.Domain.Backup;

/// <summary>Creates, changes and deletes schedules (create_/edit_/delete_schedules), and starts or stops them
/// (run_schedule, stop_schedule). Only schedules in the actor's scope are reached, and a schedule can only be
/// pointed at a production server and a storage the actor can access.</summary>
public sealed class ScheduleService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IValidator<ScheduleInput> validator,
    IChangePublisher changes,
    TimeProvider clock)
{
    private const string TargetType = "Schedule";

    public async Task<Result<int>> CreateAsync(ActingUser by, ScheduleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.CreateSchedules, now, "schedule.create", TargetType, null, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (await CheckInputAsync(db, access.Value, input, null, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var schedule = new Schedule(input.Name, input.ProductionServerId, input.StorageServerId, input.Type, input.CronExpression.Trim(),
            input.RetentionCount, input.Enabled, now);
        await InventoryAdministration.SaveCreatedAsync(db, schedule,
            () => AuditTrail.Succeeded(now, access.Value, "schedule.create", TargetType, Id(schedule.Id), schedule.Name, Changes(null, schedule)),
            cancellationToken);
        changes.Publish(new DomainChange(ChangeKind.Schedule, Id(schedule.Id), ChangeAction.Created, by.SessionId));
        return schedule.Id;
    }

    public async Task<Result> UpdateAsync(ActingUser by, int scheduleId, ScheduleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.EditSchedules, now, "schedule.update", TargetType, scheduleId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var schedule = await db.Schedules.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return BackupErrors.ScheduleNotFound;
        }

        if (input.ConcurrencyStamp != schedule.ConcurrencyStamp)
        {
            return BackupErrors.StaleSchedule;
        }

        if (await CheckInputAsync(db, access.Value, input, scheduleId, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var before = Changes(schedule, null);
        schedule.Update(input.Name, input.ProductionServerId, input.StorageServerId, input.Type, input.CronExpression.Trim(), input.RetentionCount, input.Enabled);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "schedule.update", TargetType, Id(schedule.Id), schedule.Name, Diff(before, schedule)));
        if (!await InventoryAdministration.TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.StaleSchedule;
        }

        changes.Publish(new DomainChange(ChangeKind.Schedule, Id(schedule.Id), ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    public async Task<Result> DeleteAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.DeleteSchedules, now, "schedule.delete", TargetType, scheduleId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var schedule = await db.Schedules.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return BackupErrors.ScheduleNotFound;
        }

        db.Schedules.Remove(schedule);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "schedule.delete", TargetType, Id(schedule.Id), schedule.Name, Changes(schedule, null)));
        if (!await InventoryAdministration.TrySaveAsync(db, cancellationToken))
        {
            return BackupErrors.ScheduleNotFound;
        }

        changes.Publish(new DomainChange(ChangeKind.Schedule, Id(scheduleId), ChangeAction.Deleted, by.SessionId));
        return Result.Success;
    }

    /// <summary>Starts a run now: a job log in the Started state ("Started by …") that the backup agent (the
    /// simulator in Development) carries on. Refused while the schedule already runs.</summary>
    public async Task<Result<long>> RunNowAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.RunSchedule, now, "schedule.run", TargetType, scheduleId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var schedule = await db.Schedules.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return BackupErrors.ScheduleNotFound;
        }

        if (schedule.State == ScheduleState.Running || await db.JobLogs.AnyAsync(j => j.ScheduleId == scheduleId && j.Status == JobStatus.Started, cancellationToken))
        {
            return BackupErrors.AlreadyRunning(schedule.Name);
        }

        var job = schedule.StartJob(now, $"Started by {access.Value.UserName} (Run now).");
        db.JobLogs.Add(job);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "schedule.run", TargetType, Id(schedule.Id), schedule.Name));
        await db.SaveChangesAsync(cancellationToken);
        changes.Publish(new DomainChange(ChangeKind.JobLog, job.Id.ToString(CultureInfo.InvariantCulture), ChangeAction.Created, by.SessionId));
        changes.Publish(new DomainChange(ChangeKind.Schedule, Id(schedule.Id), ChangeAction.Updated, by.SessionId));
        return job.Id;
    }

    /// <summary>Stops a running schedule: its running job ends as Error with "Stopped by &lt;user&gt;".</summary>
    public async Task<Result> StopAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var access = await BackupAccess.RequireToWriteAsync(db, by, Permissions.StopSchedule, now, "schedule.stop", TargetType, scheduleId, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var schedule = await db.Schedules.VisibleTo(access.Value.Scope).SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return BackupErrors.ScheduleNotFound;
        }

        var running = await db.JobLogs.Where(j => j.ScheduleId == scheduleId && j.Status == JobStatus.Started).ToListAsync(cancellationToken);
        if (running.Count == 0 && schedule.State != ScheduleState.Running)
        {
            return BackupErrors.NotRunning(schedule.Name);
        }

        foreach (var job in running)
        {
            schedule.FinishJob(job, now, JobStatus.Error, $"Stopped by {access.Value.UserName}.");
        }

        if (running.Count == 0)
        {
            schedule.MarkStopped();
        }

        db.AuditEntries.Add(AuditTrail.Succeeded(now, access.Value, "schedule.stop", TargetType, Id(schedule.Id), schedule.Name));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in running)
        {
            changes.Publish(new DomainChange(ChangeKind.JobLog, job.Id.ToString(CultureInfo.InvariantCulture), ChangeAction.Updated, by.SessionId));
        }

        changes.Publish(new DomainChange(ChangeKind.Schedule, Id(schedule.Id), ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    /// <summary>Validation, unique name, and the server and storage within the actor's scope (no escalation: a
    /// schedule cannot back up a server, or write to a storage, that its author cannot see).</summary>
    private async Task<DomainError?> CheckInputAsync(UserConsoleDbContext db, Actor actor, ScheduleInput input, int? scheduleId, CancellationToken cancellationToken)
    {
        if (Validation.FirstError(validator, input) is { } invalid)
        {
            return invalid;
        }

        if (!await db.ProductionServers.VisibleTo(actor.Scope).AnyAsync(s => s.Id == input.ProductionServerId, cancellationToken))
        {
            return BackupErrors.ScheduleServerOutOfScope;
        }

        if (!await db.StorageServers.VisibleTo(actor.Scope).AnyAsync(s => s.Id == input.StorageServerId, cancellationToken))
        {
            return BackupErrors.ScheduleStorageOutOfScope;
        }

        return await db.Schedules.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name && s.Id != scheduleId, cancellationToken)
            ? BackupErrors.ScheduleNameTaken(input.Name)
            : null;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static ChangeSet Changes(Schedule? before, Schedule? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("ProductionServerId", before?.ProductionServerId.ToString(CultureInfo.InvariantCulture), after?.ProductionServerId.ToString(CultureInfo.InvariantCulture))
        .Add("StorageServerId", before?.StorageServerId.ToString(CultureInfo.InvariantCulture), after?.StorageServerId.ToString(CultureInfo.InvariantCulture))
        .Add("Type", before?.Type.ToString(), after?.Type.ToString())
        .Add("CronExpression", before?.CronExpression, after?.CronExpression)
        .Add("RetentionCount", before?.RetentionCount.ToString(CultureInfo.InvariantCulture), after?.RetentionCount.ToString(CultureInfo.InvariantCulture))
        .Add("Enabled", before?.Enabled.ToString(), after?.Enabled.ToString());

    // The "before" half was captured as a change set from the old values; pair it with the new ones.
    private static ChangeSet Diff(ChangeSet before, Schedule after)
    {
        var afterSet = Changes(null, after);
        var diff = new ChangeSet();
        foreach (var (field, change) in afterSet.Fields)
        {
            diff.Add(field, before.Fields.TryGetValue(field, out var old) ? old.Before : null, change.After);
        }

        return diff;
    }
}

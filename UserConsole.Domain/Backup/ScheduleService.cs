using System.Globalization;
using FluentValidation;

namespace UserConsole.Domain.Backup;

/// <summary>Creates, changes and deletes schedules (create_/edit_/delete_schedules), and starts or stops them
/// (run_schedule, stop_schedule). Only schedules in the actor's scope are reached, and a schedule can only be
/// pointed at a production server and a storage the actor can access.</summary>
public sealed class ScheduleService(OperationFactory operations, IValidator<ScheduleInput> validator, Mail.BackupNotifications notifications)
{
    private static OperationSpec Spec(string action, string permission) => new(action, "Schedule", permission, BackupRules.StaleSchedule);

    public async Task<Result<int>> CreateAsync(ActingUser by, ScheduleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, Spec("schedule.create", Permissions.CreateSchedules), new AuditTarget(null, input.Name), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await op.RefuseIfAsync(await CheckInputAsync(op.Db, op.Actor, input, null, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var schedule = new Schedule(input.Name, input.ProductionServerId, input.StorageServerId, input.Type, input.CronExpression.Trim(),
            input.RetentionCount, input.Enabled, op.Now);
        return await op.CommitNewAsync(schedule, ChangeKind.Schedule, () => (schedule.Id, schedule.Name, Changes(null, schedule))) is { } failed
            ? failed
            : schedule.Id;
    }

    public async Task<Result> UpdateAsync(ActingUser by, int scheduleId, ScheduleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, Spec("schedule.update", Permissions.EditSchedules), AuditTarget.Of(scheduleId, input.Name), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var schedule = await FindAsync(op, scheduleId);
        if (await op.RefuseIfAsync((schedule is null ? BackupRules.ScheduleNotFound : null)
            ?? BackupRules.EditedVersionIsCurrent(schedule!.ConcurrencyStamp, input.ConcurrencyStamp, BackupRules.StaleSchedule)
            ?? await CheckInputAsync(op.Db, op.Actor, input, scheduleId, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var before = Changes(schedule!, null);
        schedule!.Update(input.Name, input.ProductionServerId, input.StorageServerId, input.Type, input.CronExpression.Trim(), input.RetentionCount, input.Enabled);
        op.About(schedule.Id, schedule.Name).Changed(ChangeKind.Schedule, schedule.Id, ChangeAction.Updated);
        return await op.CommitAsync(ChangeSet.Between(before, Changes(null, schedule))) is { } failed ? failed : Result.Success;
    }

    public async Task<Result> DeleteAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("schedule.delete", Permissions.DeleteSchedules), AuditTarget.Of(scheduleId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await FindAsync(op, scheduleId) is not { } schedule)
        {
            return await op.RefuseAsync(BackupRules.ScheduleNotFound);
        }

        op.Db.Schedules.Remove(schedule);
        op.Changed(ChangeKind.Schedule, scheduleId, ChangeAction.Deleted);
        return await op.CommitAsync(Changes(schedule, null), BackupRules.ScheduleNotFound) is { } failed ? failed : Result.Success;
    }

    /// <summary>Starts a run now: a job log in the Started state ("Started by …") that the backup agent (the
    /// simulator in Development) carries on. Refused while the schedule already runs.</summary>
    public async Task<Result<long>> RunNowAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("schedule.run", Permissions.RunSchedule), AuditTarget.Of(scheduleId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await FindAsync(op, scheduleId) is not { } schedule)
        {
            return await op.RefuseAsync(BackupRules.ScheduleNotFound);
        }

        if (await op.RefuseIfAsync(BackupRules.RunsOnceAtATime(schedule.Name, await IsRunningAsync(op.Db, schedule, cancellationToken))) is { } refused)
        {
            return refused;
        }

        var job = schedule.StartJob(op.Now, $"Started by {op.Actor.UserName} (Run now).");
        op.Db.JobLogs.Add(job);
        await notifications.QueueAsync(op.Db, op.Now, job, Mail.BackupEvent.Starting, cancellationToken);
        op.About(schedule.Id, schedule.Name)
            .Changed(ChangeKind.JobLog, () => job.Id.ToString(CultureInfo.InvariantCulture), ChangeAction.Created)
            .Changed(ChangeKind.Schedule, schedule.Id, ChangeAction.Updated);
        return await op.CommitAsync() is { } failed ? failed : job.Id;
    }

    /// <summary>Stops a running schedule: its running job ends as Error with "Stopped by &lt;user&gt;".</summary>
    public async Task<Result> StopAsync(ActingUser by, int scheduleId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("schedule.stop", Permissions.StopSchedule), AuditTarget.Of(scheduleId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await FindAsync(op, scheduleId) is not { } schedule)
        {
            return await op.RefuseAsync(BackupRules.ScheduleNotFound);
        }

        var running = await op.Db.JobLogs.Where(j => j.ScheduleId == scheduleId && j.Status == JobStatus.Started).ToListAsync(cancellationToken);
        op.About(schedule.Id, schedule.Name);
        if (await op.RefuseIfAsync(BackupRules.StopsOnlyWhenRunning(schedule.Name, running.Count > 0 || schedule.State == ScheduleState.Running)) is { } refused)
        {
            return refused;
        }

        foreach (var job in running)
        {
            schedule.FinishJob(job, op.Now, JobStatus.Error, $"Stopped by {op.Actor.UserName}.");
            await notifications.QueueAsync(op.Db, op.Now, job, Mail.BackupEvent.Stopped, cancellationToken);
            op.Changed(ChangeKind.JobLog, job.Id, ChangeAction.Updated);
        }

        if (running.Count == 0)
        {
            schedule.MarkStopped();
        }

        op.Changed(ChangeKind.Schedule, schedule.Id, ChangeAction.Updated);
        return await op.CommitAsync() is { } failed ? failed : Result.Success;
    }

    /// <summary>Whether a schedule runs now (its state, or a job log still started): what Run now and Stop check, and
    /// what the effective-access view checks for them.</summary>
    internal static async Task<bool> IsRunningAsync(UserConsoleDbContext db, Schedule schedule, CancellationToken cancellationToken) =>
        schedule.State == ScheduleState.Running
        || await db.JobLogs.AnyAsync(j => j.ScheduleId == schedule.Id && j.Status == JobStatus.Started, cancellationToken);

    private static Task<Schedule?> FindAsync(Operation op, int scheduleId) =>
        op.Db.Schedules.VisibleTo(op.Actor.Scope).SingleOrDefaultAsync(s => s.Id == scheduleId, op.CancellationToken);

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
            return BackupRules.ScheduleServerOutOfScope;
        }

        if (!await db.StorageServers.VisibleTo(actor.Scope).AnyAsync(s => s.Id == input.StorageServerId, cancellationToken))
        {
            return BackupRules.ScheduleStorageOutOfScope;
        }

        return await db.Schedules.AnyAsync(s => EF.Functions.Collate(s.Name, BackupNames.CaseInsensitive) == input.Name && s.Id != scheduleId, cancellationToken)
            ? BackupRules.ScheduleNameTaken(input.Name)
            : null;
    }

    private static ChangeSet Changes(Schedule? before, Schedule? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("ProductionServerId", before?.ProductionServerId.ToString(CultureInfo.InvariantCulture), after?.ProductionServerId.ToString(CultureInfo.InvariantCulture))
        .Add("StorageServerId", before?.StorageServerId.ToString(CultureInfo.InvariantCulture), after?.StorageServerId.ToString(CultureInfo.InvariantCulture))
        .Add("Type", before?.Type.ToString(), after?.Type.ToString())
        .Add("CronExpression", before?.CronExpression, after?.CronExpression)
        .Add("RetentionCount", before?.RetentionCount.ToString(CultureInfo.InvariantCulture), after?.RetentionCount.ToString(CultureInfo.InvariantCulture))
        .Add("Enabled", before?.Enabled.ToString(), after?.Enabled.ToString());
}

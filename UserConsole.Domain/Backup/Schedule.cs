namespace UserConsole.Domain.Backup;

public enum BackupType
{
    Files = 0,
    MySql = 1,
}

public enum ScheduleState
{
    Idle = 0,
    Running = 1,
}

/// <summary>A backup policy: what is backed up (production server), where to (storage), when (cron).</summary>
public class Schedule : InventoryItem
{
    // EF Core
    private Schedule()
    {
    }

    public Schedule(
        string name,
        int productionServerId,
        int storageServerId,
        BackupType type,
        string cronExpression,
        int retentionCount,
        bool enabled,
        DateTime createdAt)
        : base(name, createdAt) => Set(productionServerId, storageServerId, type, cronExpression, retentionCount, enabled);

    public int ProductionServerId { get; private set; }

    public ProductionServer ProductionServer { get; private set; } = null!;

    public int StorageServerId { get; private set; }

    public StorageServer StorageServer { get; private set; } = null!;

    public BackupType Type { get; private set; }

    public string CronExpression { get; private set; } = "";

    public int RetentionCount { get; private set; }

    public bool Enabled { get; private set; }

    public ScheduleState State { get; private set; }

    public DateTime? LastRunAt { get; private set; }

    public JobStatus? LastStatus { get; private set; }

    public void Update(string name, int productionServerId, int storageServerId, BackupType type, string cronExpression, int retentionCount, bool enabled)
    {
        Set(productionServerId, storageServerId, type, cronExpression, retentionCount, enabled);
        Edited(name);
    }

    /// <summary>Starts a run: the schedule is running and a job log in the Started state records it. The state of a
    /// run is not an edit, so the concurrency stamp stays (an open edit form is not made stale by a backup).</summary>
    public JobLog StartJob(DateTime at, string firstLine)
    {
        State = ScheduleState.Running;
        LastRunAt = at;
        return new JobLog(Id, at, firstLine);
    }

    /// <summary>Ends a run of this schedule with its outcome; the schedule is idle again.</summary>
    public void FinishJob(JobLog job, DateTime at, JobStatus outcome, string lastLine)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.ScheduleId != Id)
        {
            throw new ArgumentException("The job belongs to another schedule.", nameof(job));
        }

        job.Finish(at, outcome, lastLine);
        State = ScheduleState.Idle;
        LastStatus = outcome;
    }

    /// <summary>Marks a schedule idle that claims to run without a running job (its agent went away).</summary>
    public void MarkStopped()
    {
        State = ScheduleState.Idle;
        LastStatus = JobStatus.Error;
    }

    private void Set(int productionServerId, int storageServerId, BackupType type, string cronExpression, int retentionCount, bool enabled)
    {
        ProductionServerId = productionServerId;
        StorageServerId = storageServerId;
        Type = type;
        CronExpression = cronExpression;
        RetentionCount = retentionCount;
        Enabled = enabled;
    }
}

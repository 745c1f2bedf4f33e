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
public class Schedule
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
    {
        Name = name;
        ProductionServerId = productionServerId;
        StorageServerId = storageServerId;
        Type = type;
        CronExpression = cronExpression;
        RetentionCount = retentionCount;
        Enabled = enabled;
        CreatedAt = createdAt;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int ProductionServerId { get; private set; }

    public ProductionServer ProductionServer { get; private set; } = null!;

    public int StorageServerId { get; private set; }

    public StorageServer StorageServer { get; private set; } = null!;

    public BackupType Type { get; private set; }

    public string CronExpression { get; private set; } = "";

    public int RetentionCount { get; private set; }

    public bool Enabled { get; private set; }

    public ScheduleState State { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastRunAt { get; private set; }

    public JobStatus? LastStatus { get; private set; }

    public string ConcurrencyStamp { get; set; } = "";

    public void Update(string name, int productionServerId, int storageServerId, BackupType type, string cronExpression, int retentionCount, bool enabled)
    {
        Name = name;
        ProductionServerId = productionServerId;
        StorageServerId = storageServerId;
        Type = type;
        CronExpression = cronExpression;
        RetentionCount = retentionCount;
        Enabled = enabled;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public void MarkRunning(DateTime at)
    {
        State = ScheduleState.Running;
        LastRunAt = at;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public void MarkIdle(JobStatus outcome)
    {
        State = ScheduleState.Idle;
        LastStatus = outcome;
        ConcurrencyStamp = Users.User.NewStamp();
    }
}

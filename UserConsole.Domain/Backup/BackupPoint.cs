namespace UserConsole.Domain.Backup;

public enum PointType
{
    Full = 0,
    Incremental = 1,
}

/// <summary>A restorable backup point made by a schedule.</summary>
public class BackupPoint
{
    // EF Core
    private BackupPoint()
    {
    }

    public BackupPoint(int scheduleId, DateTime createdAt, long sizeBytes, PointType type)
    {
        ScheduleId = scheduleId;
        CreatedAt = createdAt;
        SizeBytes = sizeBytes;
        Type = type;
    }

    public long Id { get; private set; }

    public int ScheduleId { get; private set; }

    public Schedule Schedule { get; private set; } = null!;

    public DateTime CreatedAt { get; private set; }

    public long SizeBytes { get; private set; }

    public PointType Type { get; private set; }
}

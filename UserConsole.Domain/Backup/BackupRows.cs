namespace UserConsole.Domain.Backup;

/// <summary>One page of a list: a zero-based page index and a page size (clamped to 1–200), with an optional sort
/// column (each list names the columns it sorts by; anything else falls back to the list's default order).</summary>
public sealed record PageRequest(int Page, int PageSize, string? SortBy = null, bool Descending = false)
{
    public const int MaxPageSize = 200;

    public int Skip => Math.Max(0, Page) * Take;

    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>A page of rows, the number of rows of all pages, and how far the actor's scope reaches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int TotalCount, ScopeReach Scope)
{
    /// <summary>Whether the actor may add an item to this list, and why not; null for lists nobody adds to.</summary>
    public Users.Capability? Create { get; init; }
}

/// <summary>Rows with the scope they were read under (for lists that are not paged).</summary>
public sealed record Scoped<T>(IReadOnlyList<T> Items, ScopeReach Scope);

public sealed record ServerRow(
    int Id, string Name, string Host, string OperatingSystem, ServerStatus Status, int ScheduleCount, string ConcurrencyStamp)
{
    /// <summary>What the actor may do to this server, and why not.</summary>
    public ItemCapabilities Can { get; init; } = ItemCapabilities.None;
}

public sealed record StorageRow(
    int Id, string Name, StorageKind Kind, long CapacityBytes, long UsedBytes, int ScheduleCount, string ConcurrencyStamp)
{
    /// <summary>What the actor may do to this storage, and why not.</summary>
    public ItemCapabilities Can { get; init; } = ItemCapabilities.None;
}

public sealed record ScheduleRow(
    int Id,
    string Name,
    int ProductionServerId,
    string ProductionServerName,
    int StorageServerId,
    string StorageServerName,
    BackupType Type,
    string CronExpression,
    int RetentionCount,
    bool Enabled,
    ScheduleState State,
    DateTime? LastRunAt,
    JobStatus? LastStatus,
    string ConcurrencyStamp)
{
    /// <summary>What the actor may do to this schedule, and why not.</summary>
    public ScheduleCapabilities Can { get; init; } = ScheduleCapabilities.None;
}

/// <summary>A job log as the Logs page shows it, message lines included (a run writes a handful). A row is identified
/// by its job id: read again, it is the same row with newer content (so a live list keeps its rows, and only their
/// content changes).</summary>
public sealed record JobLogRow(
    long Id,
    DateTime StartedAt,
    DateTime? FinishedAt,
    JobStatus Status,
    int ScheduleId,
    string ScheduleName,
    string ProductionServerName,
    string StorageServerName,
    IReadOnlyList<string> Lines)
{
    public bool Equals(JobLogRow? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();
}

/// <summary>Filters of the Logs page; dates are UTC days, both ends included.</summary>
public sealed record LogFilter(JobStatus? Status = null, int? ProductionServerId = null, DateOnly? From = null, DateOnly? To = null)
{
    public static LogFilter None { get; } = new();
}

/// <summary>Finished jobs of one UTC day by outcome.</summary>
public sealed record DayOutcomes(DateOnly Day, int Completed, int Warning, int Error)
{
    public int Total => Completed + Warning + Error;
}

public sealed record StorageUsage(int Id, string Name, StorageKind Kind, long CapacityBytes, long UsedBytes);

public sealed record RunningJob(
    long JobId, int ScheduleId, string ScheduleName, string ProductionServerName, string StorageServerName, DateTime StartedAt, string LastLine);

/// <summary>First level of the points tree.</summary>
public sealed record TreeServer(int Id, string Name, int ScheduleCount);

/// <summary>Second level of the points tree.</summary>
public sealed record TreeSchedule(int Id, string Name, BackupType Type, int PointCount);

/// <summary>Third level of the points tree.</summary>
public sealed record PointRow(long Id, int ScheduleId, DateTime CreatedAt, long SizeBytes, PointType Type)
{
    /// <summary>What the actor may request for this point, and why not.</summary>
    public PointCapabilities Can { get; init; } = PointCapabilities.None;
}

/// <summary>Download, and each restore that suits the point, with whether the actor may request it.</summary>
public sealed record PointCapabilities(Users.Capability Download, IReadOnlyList<(RestoreKind Kind, Users.Capability Can)> Restores)
{
    public static PointCapabilities None { get; } = new(Users.Capability.Unknown, []);
}

namespace UserConsole.Domain.Backup;

/// <summary>How many jobs of one schedule started on one UTC day and finished with one status: the daily rollup the
/// Monitor's outcome chart reads instead of counting job logs. The database keeps it (triggers on JobLogs, in the
/// same transaction as the log's insert, status change or delete), so every path that writes a log is counted and
/// nothing in the domain writes it.</summary>
public class JobOutcomeDay
{
    // EF Core
    private JobOutcomeDay()
    {
    }

    /// <summary>The UTC day the jobs started, "yyyy-MM-dd" (SQLite's <c>date()</c> of <see cref="JobLog.StartedAt"/>).</summary>
    public string Day { get; private set; } = "";

    public int ScheduleId { get; private set; }

    /// <summary>Completed, Warning or Error; running jobs are not counted.</summary>
    public JobStatus Status { get; private set; }

    public int Count { get; private set; }
}

namespace UserConsole.Domain.Backup;

public enum JobStatus
{
    Started = 0,
    Completed = 1,
    Warning = 2,
    Error = 3,
}

/// <summary>One run of a schedule: when it started and finished, how it ended, and its message lines.</summary>
public class JobLog
{
    // EF Core
    private JobLog()
    {
    }

    public JobLog(int scheduleId, DateTime startedAt, string firstLine)
    {
        ScheduleId = scheduleId;
        StartedAt = startedAt;
        Status = JobStatus.Started;
        Lines = firstLine;
    }

    public long Id { get; private set; }

    public int ScheduleId { get; private set; }

    public Schedule Schedule { get; private set; } = null!;

    public DateTime StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public JobStatus Status { get; private set; }

    /// <summary>Message lines, newest last, separated by '\n'.</summary>
    public string Lines { get; private set; } = "";

    public IReadOnlyList<string> MessageLines => Lines.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool IsRunning => Status == JobStatus.Started;

    public void AppendLine(string line) => Lines = Lines.Length == 0 ? line : $"{Lines}\n{line}";

    public void Finish(DateTime at, JobStatus status, string lastLine)
    {
        if (status == JobStatus.Started)
        {
            throw new ArgumentException("A job finishes as Completed, Warning or Error.", nameof(status));
        }

        FinishedAt = at;
        Status = status;
        AppendLine(lastLine);
    }
}

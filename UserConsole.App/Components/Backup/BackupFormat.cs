using System.Globalization;

namespace UserConsole.App.Components.Backup;

/// <summary>How backup data reads on the pages: times in UTC (schedules run on UTC cron), sizes in decimal units, and
/// one color and icon per job status (always next to its name, never color alone).</summary>
public static class BackupFormat
{
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string When(DateTime? utc) => utc is { } value ? When(value) : "Never";

    /// <summary>The time without the zone, for columns whose header says "(UTC)".</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTime? utc) => utc is { } value ? Time(value) : "Never";

    public static string Day(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000_000 => (bytes / 1e12).ToString("0.0", CultureInfo.InvariantCulture) + " TB",
        >= 1_000_000_000 => (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1_000_000 => (bytes / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB",
        _ => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes",
    };

    public static string Percent(long part, long whole) =>
        whole <= 0 ? "0 %" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Duration(DateTime started, DateTime? finished)
    {
        if (finished is not { } end)
        {
            return "Running";
        }

        var span = end - started;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{Math.Max(0, span.Seconds)} s";
    }

    public static string Count(int count, string noun) =>
        count == 1 ? $"1 {noun}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}s";

    public static string Name(JobStatus status) => status switch
    {
        JobStatus.Started => "Running",
        JobStatus.Completed => "Completed",
        JobStatus.Warning => "Warning",
        _ => "Error",
    };

    public static Color Color(JobStatus status) => status switch
    {
        JobStatus.Started => MudBlazor.Color.Info,
        JobStatus.Completed => MudBlazor.Color.Success,
        JobStatus.Warning => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Error,
    };

    public static string Icon(JobStatus status) => status switch
    {
        JobStatus.Started => Icons.Material.Filled.PlayCircle,
        JobStatus.Completed => Icons.Material.Filled.CheckCircle,
        JobStatus.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Error,
    };

    public static string Name(BackupType type) => type == BackupType.MySql ? "MySQL" : "Files";

    public static string Name(ServerStatus status) => status.ToString();

    public static string Name(RestoreKind kind) => kind switch
    {
        RestoreKind.Files => "Restore files",
        RestoreKind.Databases => "Restore databases",
        _ => "Disaster recovery restore",
    };

    /// <summary>The chart colors of Completed, Warning and Error (the theme's success, warning and error).</summary>
    public static string[] OutcomePalette { get; } = ["#2e7d32", "#b26a00", "#c62828"];
}

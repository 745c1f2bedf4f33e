namespace UserConsole.Domain.Users;

/// <summary>Schedule running-time alert thresholds; any number of them may be chosen.</summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the product's word here, not a type suffix.
public enum RunningTimeAlerts
#pragma warning restore CA1711
{
    None = 0,
    Hours24 = 1,
    Hours36 = 2,
    Hours48 = 4,
    Hours60 = 8,
    Hours72 = 16,
    Hours84 = 32,
    Hours96 = 64,
}

/// <summary>A user's backup notification choices (email), stored with the user.</summary>
public sealed record NotificationSettings
{
    public bool BackupStarting { get; init; }

    public bool BackupStopped { get; init; }

    public bool BackupCompleted { get; init; }

    public bool BackupWarnings { get; init; }

    public bool BackupErrors { get; init; }

    public bool ConnectionErrors { get; init; }

    public RunningTimeAlerts RunningTimeAlerts { get; init; }

    public static IReadOnlyList<(RunningTimeAlerts Flag, int Hours)> Thresholds { get; } =
    [
        (RunningTimeAlerts.Hours24, 24),
        (RunningTimeAlerts.Hours36, 36),
        (RunningTimeAlerts.Hours48, 48),
        (RunningTimeAlerts.Hours60, 60),
        (RunningTimeAlerts.Hours72, 72),
        (RunningTimeAlerts.Hours84, 84),
        (RunningTimeAlerts.Hours96, 96),
    ];
}

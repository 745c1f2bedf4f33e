using UserConsole.Domain.Users;

namespace UserConsole.App.Components.Profile;

/// <summary>The verification code typed to confirm a 2FA setup.</summary>
public sealed class TwoFactorCodeInput
{
    public string Code { get; set; } = "";
}

/// <summary>The password asked before turning one's own 2FA off.</summary>
public sealed class DisableTwoFactorInput
{
    public string CurrentPassword { get; set; } = "";

    public override string ToString() => nameof(DisableTwoFactorInput);
}

/// <summary>The notification form's editable copy of <see cref="NotificationSettings"/>.</summary>
public sealed class NotificationChoices
{
    public bool BackupStarting { get; set; }

    public bool BackupStopped { get; set; }

    public bool BackupCompleted { get; set; }

    public bool BackupWarnings { get; set; }

    public bool BackupErrors { get; set; }

    public bool ConnectionErrors { get; set; }

    public HashSet<RunningTimeAlerts> Thresholds { get; } = [];

    public static NotificationChoices From(NotificationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var choices = new NotificationChoices
        {
            BackupStarting = settings.BackupStarting,
            BackupStopped = settings.BackupStopped,
            BackupCompleted = settings.BackupCompleted,
            BackupWarnings = settings.BackupWarnings,
            BackupErrors = settings.BackupErrors,
            ConnectionErrors = settings.ConnectionErrors,
        };
        choices.Thresholds.UnionWith(NotificationSettings.Thresholds.Select(t => t.Flag).Where(f => settings.RunningTimeAlerts.HasFlag(f)));
        return choices;
    }

    public NotificationSettings ToSettings() => new()
    {
        BackupStarting = BackupStarting,
        BackupStopped = BackupStopped,
        BackupCompleted = BackupCompleted,
        BackupWarnings = BackupWarnings,
        BackupErrors = BackupErrors,
        ConnectionErrors = ConnectionErrors,
        RunningTimeAlerts = Thresholds.Aggregate(RunningTimeAlerts.None, (all, flag) => all | flag),
    };
}

/// <summary>What the page says after a renewed sign-in (fixed texts, so a crafted link cannot put words here).</summary>
public static class ProfileOutcomes
{
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnabled = "2fa-enabled";
    public const string TwoFactorDisabled = "2fa-disabled";

    public static IReadOnlyDictionary<string, string> Messages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PasswordChanged] = "Your password was changed. Your other sessions were signed out.",
        [TwoFactorEnabled] = "Two-factor authentication is on. Your other sessions were signed out.",
        [TwoFactorDisabled] = "Two-factor authentication is off. Your other sessions were signed out.",
    };
}

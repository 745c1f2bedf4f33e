namespace UserConsole.App.Components.Profile;

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

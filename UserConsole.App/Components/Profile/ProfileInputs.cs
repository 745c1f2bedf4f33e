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

namespace UserConsole.Domain.Profile;

/// <summary>Every refusal of a user's own profile and 2FA operations, worded so the person knows what to do.
/// Property names match the input classes' properties (and "Code"/"CurrentPassword" of the 2FA forms).</summary>
public static class ProfileErrors
{
    public static DomainError CurrentPasswordRequired { get; } =
        new("password.current_required", "Enter your current password.", "CurrentPassword");

    public static DomainError CurrentPasswordWrong { get; } =
        new("password.current_wrong", "Your current password is not right.", "CurrentPassword");

    public static DomainError EmailTaken { get; } =
        new("user.email_taken", "This email is already used by another account.", "Email");

    public static DomainError Stale { get; } =
        new("concurrency.stale", "Your profile was changed in another session. Reload to see the changes, then try again.");

    public static DomainError UnknownAlertThreshold { get; } =
        new("notifications.threshold", "Choose running-time alerts from 24, 36, 48, 60, 72, 84 and 96 hours.", "RunningTimeAlerts");

    public static DomainError TwoFactorAlreadyOn { get; } =
        new("two_factor.already_on", "Two-factor authentication is already on.");

    public static DomainError TwoFactorAlreadyOff { get; } =
        new("two_factor.already_off", "Two-factor authentication is already off.");

    public static DomainError SetupKeyInvalid { get; } =
        new("two_factor.setup_invalid", "This setup is not valid any more. Start the setup again.");

    public static DomainError CodeFormat { get; } =
        new("two_factor.code_format", "Enter the 6-digit code from your authenticator app.", "Code");

    public static DomainError CodeWrong { get; } =
        new("two_factor.code_wrong", "That code is not right. Check that your device's time is correct and enter the current code.", "Code");
}

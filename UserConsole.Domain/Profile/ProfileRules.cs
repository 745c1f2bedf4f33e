using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>The rules of one's own profile and two-factor sign-in, each a check named for what it protects and
/// returning its refusal (or null), worded so the person knows what to do. Property names match the input classes'
/// properties (and "Code"/"CurrentPassword" of the 2FA forms).</summary>
public static class ProfileRules
{
    // Credentials change only with the current password: a session left open is not enough.
    public static DomainError CurrentPasswordRequired { get; } = new("password.current_required", "Enter your current password.", "CurrentPassword");

    public static DomainError CurrentPasswordWrong { get; } = new("password.current_wrong", "Your current password is not right.", "CurrentPassword");

    public static DomainError LockedOut { get; } =
        new("password.locked_out", "Too many wrong passwords or codes. Your account is locked for a while; try again later.", "CurrentPassword");

    /// <summary>Null when <paramref name="password"/> is the user's current password. While the account is locked out
    /// (wrong passwords here count as at sign-in) no password is checked.</summary>
    internal static DomainError? CurrentPasswordIsKnown(IPasswordHasher<User> hasher, User user, string? password, DateTime now) =>
        user.IsLockedOut(now) ? LockedOut
        : string.IsNullOrEmpty(password) ? CurrentPasswordRequired
        : user.PasswordHash is null || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed
            ? CurrentPasswordWrong
            : null;

    // An email signs people in: one account each.
    public static DomainError EmailTaken { get; } = new("user.email_taken", "This email is already used by another account.", "Email");

    // Edits never overwrite a newer version of the profile.
    public static DomainError Stale { get; } =
        new("concurrency.stale", "Your profile was changed in another session. Reload to see the changes, then try again.");

    internal static DomainError? EditedVersionIsCurrent(User user, string? concurrencyStamp) =>
        string.Equals(user.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? null : Stale;

    public static DomainError UnknownAlertThreshold { get; } =
        new("notifications.threshold", "Choose running-time alerts from 24, 36, 48, 60, 72, 84 and 96 hours.", "RunningTimeAlerts");

    private static readonly RunningTimeAlerts AllThresholds =
        NotificationSettings.Thresholds.Aggregate(RunningTimeAlerts.None, (all, t) => all | t.Flag);

    internal static DomainError? AlertsAreKnownThresholds(NotificationSettings settings) =>
        (settings.RunningTimeAlerts & ~AllThresholds) != 0 ? UnknownAlertThreshold : null;

    // Two-factor sign-in: turned on once, with a current code of the secret being set up.
    public static DomainError TwoFactorAlreadyOn { get; } = new("two_factor.already_on", "Two-factor authentication is already on.");

    public static DomainError TwoFactorAlreadyOff { get; } = new("two_factor.already_off", "Two-factor authentication is already off.");

    public static DomainError SetupKeyInvalid { get; } = new("two_factor.setup_invalid", "This setup is not valid any more. Start the setup again.");

    public static DomainError CodeFormat { get; } = new("two_factor.code_format", "Enter the 6-digit code from your authenticator app.", "Code");

    public static DomainError CodeWrong { get; } =
        new("two_factor.code_wrong", "That code is not right. Check that your device's time is correct and enter the current code.", "Code");

    /// <summary>Refuses the operation with <paramref name="error"/> (when set); a wrong current password counts toward
    /// the actor's lockout.</summary>
    internal static async Task<DomainError?> RefuseIfAsync(this Operation op, DomainError? error, bool wrongPasswordCounts) =>
        error is null ? null : await op.RefuseAsync(error, wrongPasswordCounts && ReferenceEquals(error, CurrentPasswordWrong));

    /// <summary>An operation on one's own account: no permission needed, refused as the profile words it.</summary>
    internal static OperationSpec Spec(string action, DomainError? stale = null) =>
        new(action, "User", null, stale ?? Stale, (_, _) => Task.FromResult<DomainError?>(EmailTaken));

    /// <summary>The acting user's own row, tracked, and named as the operation's target.</summary>
    internal static async Task<User> OwnUserAsync(this Operation op)
    {
        var user = await op.Db.Users.SingleAsync(u => u.Id == op.Actor.UserId, op.CancellationToken);
        op.About(user.Id, user.UserName);
        return user;
    }
}

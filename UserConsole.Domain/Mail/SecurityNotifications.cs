using Microsoft.Extensions.Options;
using UserConsole.Domain.Users;
using static UserConsole.Domain.Mail.SecurityNotice;

namespace UserConsole.Domain.Mail;

/// <summary>The security events a person is always told of by mail (not a choice on the profile).</summary>
public enum SecurityNotice
{
    PasswordResetByAdministrator,
    PasswordChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    AccountDisabled,
    NewBrowserSignIn,
    RecoveryCodeUsed,
    PasskeyAdded,
}

/// <summary>Queues the mail of a security event into the caller's DbContext, so that it commits (or not) with the
/// change it tells of. One call per event: <c>await notifications.QueueAsync(op.Db, op.Now, user,
/// SecurityNotice.PasswordChanged, by: null, ct)</c> before the operation commits.</summary>
public sealed class SecurityNotifications(IOptions<MailOptions> options)
{
    /// <param name="by">The user name of whoever did it when that is not the account's own person (an
    /// administrator); null for the person themself.</param>
    /// <param name="detail">What identifies the event further (the browser and system of a sign-in).</param>
    public async Task QueueAsync(UserConsoleDbContext db, DateTime now, User user, SecurityNotice notice, string? by, CancellationToken cancellationToken, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return;
        }

        var config = (await MailSettingsStore.ReadAsync(db, options.Value, cancellationToken)).Config;
        var (subject, what) = Describe(notice, by, detail);
        var advice = notice switch
        {
            PasswordResetByAdministrator or AccountDisabled =>
                "If you did not expect this, contact your administrator and ask who made the change.",
            NewBrowserSignIn or RecoveryCodeUsed =>
                $"If this was not you, change your password at once ({config.Link("/profile")}), sign out your other sessions there, and tell your administrator.",
            _ => $"If this was not you, change your password at once ({config.Link("/profile")}) and tell your administrator: someone may have your password.",
        };
        var body = $"Hello {user.FullName ?? user.UserName},\n\n{what}\nAccount: {user.UserName}\nWhen: {now:yyyy-MM-dd HH:mm} UTC\n\n{advice}\n\n" +
            "This message is sent for every security change of your account; it cannot be turned off.\n";
        MailOutbox.Queue(db, now, "security." + notice.ToString().ToLowerInvariant(), user.Email, user.FullName, subject, body);
    }

    private static (string Subject, string What) Describe(SecurityNotice notice, string? by, string? detail) => notice switch
    {
        PasswordResetByAdministrator => ("Your UserConsole password was reset",
            $"Your password was reset by the administrator {by ?? "(unknown)"}. You sign in with the one-time password they give you, then choose your own."),
        PasswordChanged => ("Your UserConsole password was changed", "The password of your account was changed."),
        TwoFactorEnabled => ("Two-factor sign-in was turned on",
            by is null ? "Two-factor sign-in was turned on for your account." : $"Two-factor sign-in was turned on for your account by {by}."),
        TwoFactorDisabled => ("Two-factor sign-in was turned off",
            by is null ? "Two-factor sign-in was turned off for your account." : $"Two-factor sign-in was turned off for your account by the administrator {by}."),
        AccountDisabled => ("Your UserConsole account was disabled",
            $"Your account was disabled{(by is null ? "" : $" by the administrator {by}")}: you cannot sign in until it is enabled again."),
        NewBrowserSignIn => ("New sign-in to UserConsole", $"Your account was signed in from a browser it has not used before: {detail ?? "unknown browser"}."),
        RecoveryCodeUsed => ("A recovery code was used", "A recovery code of your account was used to sign in."),
        PasskeyAdded => ("A passkey was added", $"A passkey was added to your account{(detail is null ? "" : $": {detail}")}."),
        _ => throw new ArgumentOutOfRangeException(nameof(notice), notice, null),
    };
}

using System.Collections.Frozen;
using UserConsole.Domain.Sessions;

namespace UserConsole.Domain.Access;

/// <summary>Sensitive administration needs a fresh proof of identity, checked like a permission: resetting a
/// password, turning off someone's 2FA, disabling or deleting a user, signing a user out everywhere, giving a role
/// user or role administration, and assigning such a role. The proof ("Confirm it's you": the password or an
/// authenticator code) belongs to the signed-in session and lasts the policy's <see cref="SecurityPolicy.Reauthenticate"/>
/// window. Signing in does not count: the first sensitive action of a session asks.</summary>
public static class StepUpRules
{
    public const string ReauthRequiredCode = "reauth.required";

    public static DomainError ReauthRequired { get; } =
        new(ReauthRequiredCode, "Confirm it's you first: enter your password or an authenticator code.");

    /// <summary>The permissions that administer users or roles: a role holding one of them is a key to accounts.</summary>
    public static IReadOnlySet<string> AdministrationKeys { get; } = new[]
    {
        Permissions.CreateAdditionalUsers, Permissions.EditUsers, Permissions.DeleteUsers,
        Permissions.CreateUserRole, Permissions.EditUserRoles, Permissions.DeleteUserRoles,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="keys"/> grant user or role administration (assigning such a role needs a proof).</summary>
    public static bool GrantsAdministration(IEnumerable<string> keys) => keys.Any(AdministrationKeys.Contains);

    /// <summary>True when a role going from <paramref name="current"/> to <paramref name="wanted"/> gains user or role
    /// administration it did not have (such a change needs a proof).</summary>
    public static bool AddsAdministration(IReadOnlySet<string> current, IEnumerable<string> wanted) =>
        wanted.Any(k => AdministrationKeys.Contains(k) && !current.Contains(k));

    /// <summary>Null when <paramref name="session"/> (the actor's signed-in session) holds a proof younger than
    /// <paramref name="window"/>; else the refusal. No session (a call from outside a sign-in) has no proof.</summary>
    public static DomainError? ProofIsFresh(UserSession? session, Guid actorId, DateTime now, TimeSpan window) =>
        session is not null && session.UserId == actorId && session.HasFreshProof(now, window) ? null : ReauthRequired;

    // "Confirm it's you" itself.
    public static DomainError ProofNeedsSession { get; } =
        new("reauth.no_session", "Your session has ended. Sign in again.");

    public static DomainError PasswordRequired { get; } = new("reauth.password_required", "Enter your password.", "Password");

    public static DomainError PasswordWrong { get; } = new("reauth.password_wrong", "That password is not right.", "Password");

    public static DomainError CodeRequired { get; } = new("reauth.code_required", "Enter the 6-digit code from your authenticator app.", "Code");

    public static DomainError CodeWrong { get; } =
        new("reauth.code_wrong", "That code is not right, or it was already used. Enter the current code.", "Code");

    public static DomainError NoAuthenticator { get; } =
        new("reauth.no_authenticator", "You have no authenticator app set up. Use your password.", "Code");

    public static DomainError LockedOut { get; } =
        new("reauth.locked_out", "Too many wrong passwords or codes. Your account is locked for a while; try again later.");

    public static DomainError PasskeyNotVerified { get; } =
        new("reauth.passkey_failed", "The passkey could not be verified. Try again, or use your password.");

    public static DomainError PasskeyOfAnotherAccount { get; } =
        new("reauth.passkey_other_account", "That passkey belongs to another account. Use one of your own passkeys, or your password.");
}

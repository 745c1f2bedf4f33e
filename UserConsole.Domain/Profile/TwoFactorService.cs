using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>TOTP two-factor sign-in: a user's own enrolment, the sign-in code check, and turning it off (by the
/// user with their password, or by an administrator allowed to manage them). The secret is stored protected with
/// Data Protection and never leaves this class after enrolment: no audit entry, log line or result carries it.</summary>
public sealed partial class TwoFactorService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IDataProtectionProvider dataProtection,
    IPasswordHasher<User> passwordHasher,
    TimeProvider clock,
    SecurityNotifications notifications,
    ILogger<TwoFactorService> logger)
{
    public const string ProtectorPurpose = "UserConsole.Totp.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>Starts a setup: a new secret and its otpauth:// address. Nothing is stored until
    /// <see cref="ConfirmEnrollmentAsync"/> receives a correct code for it.</summary>
    public async Task<Result<TwoFactorEnrollment>> BeginEnrollmentAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ActorLoader.LoadForSecondFactorSetupAsync(db, by.UserId, cancellationToken) is not { } actor)
        {
            return ActorLoader.SessionEnded;
        }

        if (await db.Users.AnyAsync(u => u.Id == actor.UserId && u.TwoFactorEnabled, cancellationToken))
        {
            return ProfileRules.TwoFactorAlreadyOn;
        }

        var secret = AuthenticatorCodes.NewSecret();
        return new TwoFactorEnrollment(secret, AuthenticatorCodes.AuthenticatorUri(secret, actor.UserName));
    }

    /// <summary>Turns 2FA on for the acting user once <paramref name="code"/> is a current code of
    /// <paramref name="secret"/>. The code's time step counts as used; the security stamp changes, so the user's
    /// other sessions end. A first set of recovery codes comes with it (in the result, to show once).</summary>
    public async Task<Result<CredentialChange>> ConfirmEnrollmentAsync(ActingUser by, string secret, string code, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("user.two_factor.enable") with { SetsUpSecondFactor = true },
            AuditTarget.Of(by.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.OwnUserAsync();
        if (await op.RefuseIfAsync(CheckEnrollment(user, secret, code, op.Now, out var step)) is { } refused)
        {
            return refused;
        }

        user.EnableTwoFactor(_protector.Protect(secret), step);
        user.RotateSecurityStamp();
        user.Touch();
        var codes = RecoveryCodes.NewSet();
        await SecondFactorService.ReplaceRecoveryCodesAsync(op.Db, user.Id, codes, cancellationToken);
        await notifications.QueueAsync(op.Db, op.Now, user, SecurityNotice.TwoFactorEnabled, by: null, cancellationToken);
        op.Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.CredentialsChanged);
        return await op.CommitAsync() is { } failed ? failed : new CredentialChange(user.Id, user.SecurityStamp!) { RecoveryCodes = codes };
    }

    /// <summary>The sign-in check of a code, verify and consume in one step: true when <paramref name="code"/> is a
    /// current code of the user's secret for a time step later than the last one accepted. The step is recorded
    /// by a single conditional UPDATE, so of two concurrent submits of one code exactly one succeeds. It also
    /// changes the concurrency stamp, so that a request holding an older copy of the user cannot write the old
    /// step back.</summary>
    public async Task<bool> VerifyAndConsumeAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        var normalized = AuthenticatorCodes.Normalize(code);
        if (normalized is null)
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var protectedSecret = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.IsEnabled && u.TwoFactorEnabled)
            .Select(u => u.ProtectedTotpSecret)
            .SingleOrDefaultAsync(cancellationToken);
        if (protectedSecret is null || UnprotectKey(userId, protectedSecret) is not { } key)
        {
            return false;
        }

        if (AuthenticatorCodes.MatchStep(key, normalized, clock.GetUtcNow().UtcDateTime) is not { } step)
        {
            return false;
        }

        var stamp = User.NewStamp();
        var consumed = await db.Users
            .Where(u => u.Id == userId && u.TwoFactorEnabled && u.ProtectedTotpSecret == protectedSecret
                && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step).SetProperty(u => u.ConcurrencyStamp, stamp), cancellationToken);
        return consumed == 1;
    }

    /// <summary>Turns 2FA off and clears the secret. For one's own account the current password is required;
    /// for another user the actor needs <see cref="Permissions.EditUsers"/> and may manage only users whose
    /// permissions and scope are within their own (no takeover of a stronger account). The user's sessions end (security stamp).</summary>
    public async Task<Result<CredentialChange>> DisableAsync(ActingUser by, Guid userId, string? currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var own = userId == by.UserId;
        await using var op = await operations.BeginAsync(by, ProfileRules.Spec("user.two_factor.disable", own ? ProfileRules.Stale : UserRules.StaleUser),
            AuditTarget.Of(userId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await op.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return await op.RefuseAsync(UserRules.UserNotFound);
        }

        op.About(user.Id, user.UserName);
        var error = own
            ? ProfileRules.CurrentPasswordIsKnown(passwordHasher, user, currentPassword, op.Now) ?? (user.TwoFactorEnabled ? null : ProfileRules.TwoFactorAlreadyOff)
            : await CheckCanManageAsync(op.Db, op.Actor, user, cancellationToken) ?? await op.FreshProofAsync();

        if (await op.RefuseIfAsync(error, wrongPasswordCounts: own) is { } refused)
        {
            return refused;
        }

        user.DisableTwoFactor();
        await SecondFactors.RemoveAllAsync(op.Db, user.Id, cancellationToken);
        user.RotateSecurityStamp();
        user.Touch();
        await notifications.QueueAsync(op.Db, op.Now, user, SecurityNotice.TwoFactorDisabled, own ? null : op.Actor.UserName, cancellationToken);
        op.Changed(ChangeKind.User, user.Id.ToString(), own ? ChangeAction.CredentialsChanged : ChangeAction.TwoFactorDisabled);
        return await op.CommitAsync() is { } failed ? failed : new CredentialChange(user.Id, user.SecurityStamp!);
    }

    private static DomainError? CheckEnrollment(User user, string secret, string code, DateTime now, out long step)
    {
        step = 0;
        if (user.TwoFactorEnabled)
        {
            return ProfileRules.TwoFactorAlreadyOn;
        }

        if (!AuthenticatorCodes.TryDecodeSecret(secret, out var key))
        {
            return ProfileRules.SetupKeyInvalid;
        }

        if (AuthenticatorCodes.Normalize(code) is not { } normalized)
        {
            return ProfileRules.CodeFormat;
        }

        if (AuthenticatorCodes.MatchStep(key, normalized, now) is not { } matched)
        {
            return ProfileRules.CodeWrong;
        }

        step = matched;
        return null;
    }

    /// <summary>An administrator's "Disable 2FA": the same checks as the Edit page's capability (the first admin's
    /// second factors are their own, no takeover of a stronger account, a second factor must be held: the app or a
    /// passkey).</summary>
    private static async Task<DomainError?> CheckCanManageAsync(UserConsoleDbContext db, Actor actor, User user, CancellationToken cancellationToken)
    {
        if (AccessRules.Require(actor, Permissions.EditUsers) is { } denied)
        {
            return denied;
        }

        var access = await ActorLoader.LoadAccessAsync(db, user.Id, cancellationToken);
        return access is null
            ? UserRules.UserNotFound
            : UserRules.MayDisableTwoFactor(actor, new UserRules.Target(user.Id, user.UserName!, user.IsFirstAdmin,
                user.TwoFactorEnabled || await db.UserPasskeys.AnyAsync(p => p.UserId == user.Id, cancellationToken), access.Permissions, access.Scope));
    }

    private byte[]? UnprotectKey(Guid userId, string protectedSecret)
    {
        try
        {
            return AuthenticatorCodes.TryDecodeSecret(_protector.Unprotect(protectedSecret), out var key) ? key : null;
        }
        catch (CryptographicException ex)
        {
            // The Data Protection keys that protected it are gone: the user cannot pass 2FA until an
            // administrator turns it off. Logged without the secret.
            LogSecretUnreadable(logger, ex, userId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The 2FA secret of user {UserId} cannot be read (were the Data Protection keys replaced?). An administrator can turn 2FA off for this user.")]
    private static partial void LogSecretUnreadable(ILogger logger, Exception exception, Guid userId);
}

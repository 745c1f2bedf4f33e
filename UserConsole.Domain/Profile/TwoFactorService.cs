using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>TOTP two-factor sign-in: a user's own enrolment, the sign-in code check, and turning it off (by the
/// user with their password, or by an administrator allowed to manage them). The secret is stored protected with
/// Data Protection and never leaves this class after enrolment: no audit entry, log line or result carries it.</summary>
public sealed partial class TwoFactorService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IDataProtectionProvider dataProtection,
    IPasswordHasher<User> passwordHasher,
    IChangePublisher changes,
    TimeProvider clock,
    ILogger<TwoFactorService> logger)
{
    public const string ProtectorPurpose = "UserConsole.Totp.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>Starts a setup: a new secret and its otpauth:// address. Nothing is stored until
    /// <see cref="ConfirmEnrollmentAsync"/> receives a correct code for it.</summary>
    public async Task<Result<TwoFactorEnrollment>> BeginEnrollmentAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        await using var own = await OwnAccount.OpenAsync(contextFactory, by, cancellationToken);
        if (own is null)
        {
            return ActorLoader.SessionEnded;
        }

        if (own.User.TwoFactorEnabled)
        {
            return ProfileErrors.TwoFactorAlreadyOn;
        }

        var secret = AuthenticatorCodes.NewSecret();
        return new TwoFactorEnrollment(secret, AuthenticatorCodes.AuthenticatorUri(secret, own.Actor.UserName));
    }

    /// <summary>Turns 2FA on for the acting user once <paramref name="code"/> is a current code of
    /// <paramref name="secret"/>. The code's time step counts as used; the security stamp changes, so the user's
    /// other sessions end.</summary>
    public async Task<Result<CredentialChange>> ConfirmEnrollmentAsync(ActingUser by, string secret, string code, CancellationToken cancellationToken = default)
    {
        await using var own = await OwnAccount.OpenAsync(contextFactory, by, cancellationToken);
        if (own is null)
        {
            return ActorLoader.SessionEnded;
        }

        var (db, actor, user) = (own.Db, own.Actor, own.User);
        var now = clock.GetUtcNow().UtcDateTime;
        if (CheckEnrollment(user, secret, code, now, out var step) is { } error)
        {
            return await ProfileStore.RefuseAsync(contextFactory, now, actor, "user.two_factor.enable", (user.Id, user.UserName), error, null, cancellationToken);
        }

        user.EnableTwoFactor(_protector.Protect(secret), step);
        user.RotateSecurityStamp();
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, "user.two_factor.enable", "User", user.Id.ToString(), user.UserName));
        if (await ProfileStore.TrySaveAsync(db, ProfileErrors.Stale, null, cancellationToken) is { } failed)
        {
            return await ProfileStore.RefuseAsync(contextFactory, now, actor, "user.two_factor.enable", (user.Id, user.UserName), failed, null, cancellationToken);
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.CredentialsChanged, by.SessionId));
        return new CredentialChange(user.Id, user.SecurityStamp!);
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
    /// permissions and scope are within their own (rule 6). The user's sessions end (security stamp).</summary>
    public async Task<Result<CredentialChange>> DisableAsync(ActingUser by, Guid userId, string? currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return await ProfileStore.RefuseAsync(contextFactory, now, actor, "user.two_factor.disable", (userId, null), UserErrors.UserNotFound, null, cancellationToken);
        }

        var own = user.Id == actor.UserId;
        var error = own ? ProfileStore.CheckCurrentPassword(passwordHasher, user, currentPassword) : await CheckCanManageAsync(db, actor, user, cancellationToken);
        if (error is null && !user.TwoFactorEnabled)
        {
            // The administrator's wording is the one their Edit page shows (UserAdministration's capability).
            error = own ? ProfileErrors.TwoFactorAlreadyOff : UserAdministration.TwoFactorAlreadyOff;
        }

        if (error is not null)
        {
            return await ProfileStore.RefuseAsync(contextFactory, now, actor, "user.two_factor.disable", (user.Id, user.UserName), error, null, cancellationToken);
        }

        user.DisableTwoFactor();
        user.RotateSecurityStamp();
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, "user.two_factor.disable", "User", user.Id.ToString(), user.UserName));
        if (await ProfileStore.TrySaveAsync(db, own ? ProfileErrors.Stale : UserErrors.StaleUser, null, cancellationToken) is { } failed)
        {
            return await ProfileStore.RefuseAsync(contextFactory, now, actor, "user.two_factor.disable", (user.Id, user.UserName), failed, null, cancellationToken);
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(),
            own ? ChangeAction.CredentialsChanged : ChangeAction.TwoFactorDisabled, by.SessionId));
        return new CredentialChange(user.Id, user.SecurityStamp!);
    }

    private static DomainError? CheckEnrollment(User user, string secret, string code, DateTime now, out long step)
    {
        step = 0;
        if (user.TwoFactorEnabled)
        {
            return ProfileErrors.TwoFactorAlreadyOn;
        }

        if (!AuthenticatorCodes.TryDecodeSecret(secret, out var key))
        {
            return ProfileErrors.SetupKeyInvalid;
        }

        if (AuthenticatorCodes.Normalize(code) is not { } normalized)
        {
            return ProfileErrors.CodeFormat;
        }

        if (AuthenticatorCodes.MatchStep(key, normalized, now) is not { } matched)
        {
            return ProfileErrors.CodeWrong;
        }

        step = matched;
        return null;
    }

    private static async Task<DomainError?> CheckCanManageAsync(UserConsoleDbContext db, Actor actor, User user, CancellationToken cancellationToken)
    {
        if (UserErrors.Require(actor, Permissions.EditUsers) is { } denied)
        {
            return denied;
        }

        var access = await ActorLoader.LoadAccessAsync(db, user.Id, cancellationToken);
        return access is null
            ? UserErrors.UserNotFound
            : UserErrors.CanManage(actor, user.UserName!, access.Permissions, access.Scope);
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

using Microsoft.AspNetCore.Identity;

namespace UserConsole.Domain.Users;

/// <summary>Sign-in bookkeeping and the forced password change: what happens around a sign-in, for the user
/// themselves (no administrator involved).</summary>
public sealed class AccountService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IPasswordHasher<User> passwordHasher,
    IChangePublisher changes,
    TimeProvider clock,
    ILookupNormalizer normalizer,
    ISecurityPolicySource policy)
{
    public static DomainError SignInFailed { get; } = new("sign_in.failed", "Sign-in failed. Check your username and password.");

    public static DomainError OneTimePasswordExpired { get; } =
        new("sign_in.password_expired", "This one-time password has expired. Ask an administrator for a new one.");

    /// <summary>True when <paramref name="password"/> is the user's generated password and it is past its validity:
    /// the sign-in is refused with <see cref="OneTimePasswordExpired"/> and nothing else changes (no failed attempt is
    /// counted: the password was right). A wrong password is not judged here; it fails as any other.</summary>
    public bool SignsInWithExpiredOneTimePassword(User user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.OneTimePasswordExpired(policy.Current.OneTimePasswordValidity, clock.GetUtcNow().UtcDateTime)
            && user.PasswordHash is not null
            && passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Records a completed sign-in (last sign-in time and an audit entry).</summary>
    public async Task RecordSignInAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        user.RecordSignIn(now);
        db.AuditEntries.Add(new AuditEntry(now, user.Id, user.UserName!, user.FullName, user.Company, "user.sign_in", "User",
            user.Id.ToString(), user.UserName, null, AuditOutcome.Succeeded, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records a refused sign-in. The name is recorded only when it is an account's (its username, found by
    /// <paramref name="userId"/> or because the typed name is an existing username or email); anything else is
    /// recorded as "an unknown name" with its length, because people type their password into the name field.</summary>
    public async Task RecordFailedSignInAsync(string attemptedName, Guid? userId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attemptedName);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var typed = attemptedName.Trim();
        var normalizedName = normalizer.NormalizeName(typed);
        var normalizedEmail = normalizer.NormalizeEmail(typed);
        var account = await db.Users.AsNoTracking()
            .Where(u => userId != null ? u.Id == userId : u.NormalizedUserName == normalizedName || u.NormalizedEmail == normalizedEmail)
            .Select(u => new { u.Id, u.UserName })
            .FirstOrDefaultAsync(cancellationToken);
        var name = account?.UserName ?? UnknownName(typed);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, account?.Id, name, null, null, "user.sign_in", "User",
            account?.Id.ToString(), account?.UserName, null, AuditOutcome.Refused, reason));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How a refused sign-in names what was typed when it is no account: never the text itself.</summary>
    public static string UnknownName(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"an unknown name ({typed.Length} characters)");
    }

    /// <summary>Replaces a generated password with one the user chose. Only while the account is flagged for a
    /// password change; the new password must meet the policy and differ from the generated one. The security
    /// stamp changes, so the caller refreshes its own sign-in.</summary>
    public async Task<Result> SetInitialPasswordAsync(Guid userId, string newPassword, string repeatPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        ArgumentNullException.ThrowIfNull(repeatPassword);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.IsEnabled, cancellationToken);
        if (user is null)
        {
            return new DomainError("session.ended", "Your session has ended. Sign in again.");
        }

        if (!user.MustChangePassword)
        {
            return new DomainError("password.not_required", "Your password was already set. Change it on your profile.");
        }

        var error = CheckNewPassword(user, newPassword, repeatPassword);
        if (error is not null)
        {
            return error;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        user.SetChosenPassword(passwordHasher.HashPassword(user, newPassword));
        user.RotateSecurityStamp();
        user.Touch();
        db.AuditEntries.Add(new AuditEntry(now, user.Id, user.UserName!, user.FullName, user.Company, "user.set_password", "User",
            user.Id.ToString(), user.UserName, null, AuditOutcome.Succeeded, null));
        await db.SaveChangesAsync(cancellationToken);
        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.CredentialsChanged));
        return Result.Success;
    }

    /// <summary>The policy for a password the user chooses, with the field each failure belongs to.</summary>
    public DomainError? CheckNewPassword(User user, string newPassword, string repeatPassword)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(newPassword);
        var policy = PasswordPolicy.Check(newPassword, user.UserName!, user.Email!, user.FullName);
        if (policy is not null)
        {
            return new DomainError("password.policy", policy, "NewPassword");
        }

        if (!string.Equals(newPassword, repeatPassword, StringComparison.Ordinal))
        {
            return new DomainError("password.mismatch", "The passwords do not match.", "RepeatPassword");
        }

        if (user.PasswordHash is not null
            && passwordHasher.VerifyHashedPassword(user, user.PasswordHash, newPassword) != PasswordVerificationResult.Failed)
        {
            return new DomainError("password.unchanged", "Choose a password different from your current one.", "NewPassword");
        }

        return null;
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>What the profile and 2FA operations share: the current-password check, a refusal audited in a context
/// of its own (nothing else of the attempt is written), and a save that may lose a race.</summary>
internal static class ProfileStore
{
    /// <summary>Null when <paramref name="password"/> is the user's current password.</summary>
    public static DomainError? CheckCurrentPassword(IPasswordHasher<User> hasher, User user, string? password) =>
        string.IsNullOrEmpty(password) ? ProfileErrors.CurrentPasswordRequired
        : user.PasswordHash is null || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed
            ? ProfileErrors.CurrentPasswordWrong
            : null;

    public static async Task<DomainError> RefuseAsync(
        IDbContextFactory<UserConsoleDbContext> contextFactory,
        DateTime now,
        Actor actor,
        string action,
        (Guid Id, string? Name) target,
        DomainError error,
        ChangeSet? attempted,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await AuditTrail.RefuseAsync(db, now, actor, action, "User", target.Id.ToString(), target.Name, error, attempted, cancellationToken);
    }

    /// <summary>Saves; returns <paramref name="stale"/> when the user row changed since it was read and
    /// <paramref name="duplicate"/> (when given) when a unique index refused the row.</summary>
    public static async Task<DomainError?> TrySaveAsync(UserConsoleDbContext db, DomainError stale, DomainError? duplicate, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return stale;
        }
        catch (DbUpdateException) when (duplicate is not null)
        {
            return duplicate;
        }
    }
}

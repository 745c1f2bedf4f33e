using System.Linq.Expressions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>What a user holds besides the password that proves it is them: the authenticator secret (on the user
/// row), recovery codes and passkeys (Identity's token and passkey rows). Turning 2FA off removes all of it.</summary>
public static class SecondFactors
{
    /// <summary>The one test of "has a second factor" (what a role requiring two-factor authentication asks of its
    /// holders): the authenticator app, or at least one passkey (recovery codes exist only beside the app). The users
    /// list's filter and the actor's load use it.</summary>
    public static Expression<Func<User, bool>> Held(UserConsoleDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return u => u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id);
    }

    /// <summary>The opposite of <see cref="Held"/>, for queries.</summary>
    public static Expression<Func<User, bool>> Missing(UserConsoleDbContext db)
    {
        var held = Held(db);
        return Expression.Lambda<Func<User, bool>>(Expression.Not(held.Body), held.Parameters);
    }

    /// <summary>Removes the user's stored second-factor rows (recovery codes, passkeys) in the context's next save;
    /// the caller clears the authenticator secret on the user itself.</summary>
    internal static async Task RemoveAllAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken));
        db.UserPasskeys.RemoveRange(await db.UserPasskeys.Where(p => p.UserId == userId).ToListAsync(cancellationToken));
    }
}

using System.Linq.Expressions;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>What a user holds besides the password that proves it is them: the authenticator secret (on the user
/// row), recovery codes and passkeys (Identity's token and passkey rows). Turning 2FA off removes all of it.</summary>
public static class SecondFactors
{
    /// <summary>The one test of "has a second factor" (what a role requiring two-factor authentication asks of its
    /// holders): the users list's filter, the actor's load and the setup page all use it. Today the authenticator
    /// app; a new kind of second factor (a passkey) is added here and counts everywhere at once.</summary>
    public static Expression<Func<User, bool>> Held { get; } = u => u.TwoFactorEnabled;

    /// <summary>The opposite of <see cref="Held"/>, for queries.</summary>
    public static Expression<Func<User, bool>> Missing { get; } =
        Expression.Lambda<Func<User, bool>>(Expression.Not(Held.Body), Held.Parameters);

    /// <summary>Removes the user's stored second-factor rows (recovery codes, passkeys) in the context's next save;
    /// the caller clears the authenticator secret on the user itself.</summary>
    internal static async Task RemoveAllAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken));
    }
}

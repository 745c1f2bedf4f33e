namespace UserConsole.Domain.Profile;

/// <summary>What a user holds besides the password that proves it is them: the authenticator secret (on the user
/// row), recovery codes and passkeys (Identity's token and passkey rows). Turning 2FA off removes all of it.</summary>
internal static class SecondFactors
{
    /// <summary>Removes the user's stored second-factor rows (recovery codes, passkeys) in the context's next save;
    /// the caller clears the authenticator secret on the user itself.</summary>
    public static async Task RemoveAllAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken));
        db.UserPasskeys.RemoveRange(await db.UserPasskeys.Where(p => p.UserId == userId).ToListAsync(cancellationToken));
    }
}

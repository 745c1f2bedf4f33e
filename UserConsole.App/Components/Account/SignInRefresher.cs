using UserConsole.Domain.Persistence;

namespace UserConsole.App.Components.Account;

/// <summary>Re-issues this request's session cookie after the domain changed the user's security stamp (own
/// password or 2FA change): other sessions end, this one goes on. Identity's store shares the request's
/// DbContext, which may still track the user as it was when the request began, so the row is reloaded first.</summary>
public sealed class SignInRefresher(UserConsoleDbContext db, Microsoft.AspNetCore.Identity.SignInManager<User> signInManager)
{
    public async Task<bool> RefreshAsync(Guid userId)
    {
        var user = await db.Users.FindAsync(userId);
        if (user is null)
        {
            return false;
        }

        await db.Entry(user).ReloadAsync();
        if (!user.IsEnabled)
        {
            return false;
        }

        await signInManager.RefreshSignInAsync(user);
        return true;
    }
}

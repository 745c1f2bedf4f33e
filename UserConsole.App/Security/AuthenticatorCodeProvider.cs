using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Security;

/// <summary>Identity's authenticator provider, replaced so that the sign-in code check is the domain's single
/// verify-and-consume (a code is accepted once, atomically). SignInManager keeps doing the rest: the
/// two-factor cookie between the two forms, the lockout counting (wrong codes count with wrong passwords) and
/// the sign-in.</summary>
internal sealed class AuthenticatorCodeProvider(TwoFactorService twoFactor, UserConsoleDbContext identityContext) : IUserTwoFactorTokenProvider<User>
{
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<User> manager, User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(user.TwoFactorEnabled && user.ProtectedTotpSecret is not null);
    }

    /// <summary>Codes come from the user's authenticator app; the server never makes one (as Identity's own
    /// AuthenticatorTokenProvider, which also returns an empty string here).</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await twoFactor.VerifyAndConsumeAsync(user.Id, token))
        {
            return false;
        }

        // The check wrote the accepted step and a new concurrency stamp in its own context. Identity goes on with
        // this request's copy of the user (lockout reset, sign-in), which must see both or its save would fail.
        var entry = identityContext.Entry(user);
        if (entry.State != EntityState.Detached)
        {
            await entry.ReloadAsync();
        }

        return true;
    }
}

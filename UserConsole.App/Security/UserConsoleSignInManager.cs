using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace UserConsole.App.Security;

/// <summary>Identity's sign-in manager with UserConsole's two additions: a disabled account cannot sign in
/// (it gets the same answer as a wrong password), and the session remembers when it was authenticated so
/// that it ends after the absolute session length whatever the activity.</summary>
internal sealed class UserConsoleSignInManager(
    UserManager<User> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    TimeProvider clock)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsEnabled && await base.CanSignInAsync(user);
    }

    public override Task SignInWithClaimsAsync(User user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (claims.All(c => c.Type != UserConsoleClaims.AuthenticatedAt))
        {
            claims.Add(new Claim(UserConsoleClaims.AuthenticatedAt,
                clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        return base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }
}

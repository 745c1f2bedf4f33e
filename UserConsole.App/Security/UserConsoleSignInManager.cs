using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Security;

/// <summary>Identity's sign-in manager with UserConsole's additions: a disabled account cannot sign in (it gets the
/// same answer as a wrong password), and every sign-in begins a server-side session whose id is the cookie's
/// pointer (with the client address, browser and how the second factor was passed). Re-issuing the cookie of a
/// session (after the user changed their own password) keeps its session and sign-in time.</summary>
internal sealed class UserConsoleSignInManager(
    UserManager<User> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    SessionService sessions,
    TimeProvider clock)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private List<Claim> _carried = [];

    public override async Task<bool> CanSignInAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsEnabled && await base.CanSignInAsync(user);
    }

    public override async Task RefreshSignInAsync(User user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        _carried = [.. current.Principal?.Claims.Where(c => c.Type is UserConsoleClaims.SessionId or UserConsoleClaims.AuthenticatedAt)
            .Select(c => new Claim(c.Type, c.Value, c.ValueType)) ?? []];
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _carried = [];
        }
    }

    public override async Task SignInWithClaimsAsync(User user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = additionalClaims.ToList();
        claims.AddRange(_carried.Where(c => claims.All(k => k.Type != c.Type)));
        if (claims.All(c => c.Type != UserConsoleClaims.AuthenticatedAt))
        {
            claims.Add(new Claim(UserConsoleClaims.AuthenticatedAt,
                clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        if (claims.All(c => c.Type != UserConsoleClaims.SessionId))
        {
            var factor = claims.Any(c => c.Type == "amr" && c.Value == "mfa") ? SessionFactors.Authenticator : SessionFactors.None;
            var id = await sessions.StartAsync(user.Id, ClientAddress.Of(Context),
                Context.Request.Headers.UserAgent.ToString(), factor, Context.RequestAborted);
            claims.Add(new Claim(UserConsoleClaims.SessionId, id.ToString()));
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }
}

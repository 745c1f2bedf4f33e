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
    private string? _factor;

    /// <summary>Who the last sign-in of this request signed in (a passkey names its user only once verified).</summary>
    public User? SignedInUser { get; private set; }

    /// <summary>A second step is asked after the password when the user has the authenticator app on or holds a
    /// passkey (which then serves as the second factor).</summary>
    public override async Task<bool> IsTwoFactorEnabledAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await base.IsTwoFactorEnabledAsync(user) || (await UserManager.GetPasskeysAsync(user)).Count > 0;
    }

    /// <summary>As Identity's, but a locked-out account is refused and a wrong code counts toward the lockout, as a
    /// wrong authenticator code does (Identity counts neither, relying on the codes' length alone).</summary>
    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        if (await GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return SignInResult.Failed;
        }

        if (await IsLockedOut(user))
        {
            return await LockedOut(user);
        }

        _factor = SessionFactors.RecoveryCode;
        try
        {
            var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
            if (result.Succeeded)
            {
                return result;
            }

            await UserManager.AccessFailedAsync(user);
            return await IsLockedOut(user) ? await LockedOut(user) : result;
        }
        finally
        {
            _factor = null;
        }
    }

    /// <summary>Identity's passkey sign-in (the passkey's user verification makes it two factors in one); the session
    /// records it as passed with a passkey.</summary>
    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        _factor = SessionFactors.Passkey;
        try
        {
            return await base.PasskeySignInAsync(credentialJson);
        }
        finally
        {
            _factor = null;
        }
    }

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
            var factor = _factor ?? (claims.Any(c => c.Type == "amr" && c.Value == "mfa") ? SessionFactors.Authenticator : SessionFactors.None);
            var id = await sessions.StartAsync(user.Id, ClientAddress.Of(Context),
                Context.Request.Headers.UserAgent.ToString(), factor, Context.RequestAborted);
            claims.Add(new Claim(UserConsoleClaims.SessionId, id.ToString()));
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
        SignedInUser = user;
    }
}

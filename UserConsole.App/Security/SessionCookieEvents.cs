using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UserConsole.App.Hosting;

namespace UserConsole.App.Security;

/// <summary>Validation of the session cookie on every request: Identity's security stamp check (a changed stamp
/// ends the session at once), then the absolute session length.</summary>
internal static class SessionCookieEvents
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            return;
        }

        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var value = context.Principal.FindFirst(UserConsoleClaims.AuthenticatedAt)?.Value;
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(options.SessionAbsoluteHours))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Keeps the authentication time when the stamp validator re-issues the principal.</summary>
    public static Task KeepAuthenticationTime(SecurityStampRefreshingPrincipalContext context)
    {
        var claim = context.CurrentPrincipal?.FindFirst(UserConsoleClaims.AuthenticatedAt);
        if (claim is not null && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity
            && !identity.HasClaim(c => c.Type == UserConsoleClaims.AuthenticatedAt))
        {
            identity.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value, claim.ValueType));
        }

        return Task.CompletedTask;
    }
}

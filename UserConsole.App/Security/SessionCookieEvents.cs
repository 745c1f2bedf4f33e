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
    private const string SessionEndedKey = "uc:session-ended";

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            // The cookie was valid once: its session ended (stamp changed, account gone). Say so at sign-in.
            context.HttpContext.Items[SessionEndedKey] = true;
            return;
        }

        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var value = context.Principal.FindFirst(UserConsoleClaims.AuthenticatedAt)?.Value;
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(options.SessionAbsoluteHours))
        {
            context.RejectPrincipal();
            context.HttpContext.Items[SessionEndedKey] = true;
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Sends a browser whose session just ended to the sign-in page with "Your session has ended".</summary>
    public static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = context.RedirectUri;
        if (context.HttpContext.Items.ContainsKey(SessionEndedKey))
        {
            target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "reason=session-ended";
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
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

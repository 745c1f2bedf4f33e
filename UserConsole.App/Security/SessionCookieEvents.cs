using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Security;

/// <summary>Validation of the session cookie on every request: Identity's security stamp check (a changed stamp
/// ends the session at once), then the server-side session the cookie points at: ended, idle too long or past its
/// absolute length, the cookie is worthless. A valid request counts as the session's activity.</summary>
internal static class SessionCookieEvents
{
    private const string SessionEndedKey = "uc:session-ended";

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.GetSessionId();
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            // The cookie was valid once: its account changed (stamp changed, account gone). Say so at sign-in.
            context.HttpContext.Items[SessionEndedKey] = SessionEndReasons.Ended;

            // The session ends with it, except on the way to renew it: the browser that changed its own password or
            // second factor comes to the renewal address with its previous cookie, and keeps its session. The page it
            // leaves sends Blazor's disconnect beacon with that same cookie, racing the renewal: that request is
            // refused like any other, but it does not end the session either.
            var path = context.HttpContext.Request.Path;
            if (sessionId is { } ended && !path.StartsWithSegments(Components.Account.AccountPaths.RefreshSignIn, StringComparison.OrdinalIgnoreCase)
                && !path.StartsWithSegments("/_blazor/disconnect", StringComparison.OrdinalIgnoreCase))
            {
                await sessions.EndBecauseAccountChangedAsync(ended, cancellationToken: context.HttpContext.RequestAborted);
            }

            return;
        }

        var reason = sessionId is { } id && context.Principal.GetUserId() is { } userId
            ? await sessions.CheckRequestAsync(id, userId, context.HttpContext.RequestAborted)
            : SessionEndReasons.Ended;
        if (reason is not null)
        {
            context.RejectPrincipal();
            context.HttpContext.Items[SessionEndedKey] = reason;
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>A new or re-issued session cookie lives no longer than the absolute limit of the Security policy in
    /// force (the Settings page may have changed it since start-up); the session record ends it there as well.</summary>
    public static Task LimitToAbsoluteTime(CookieSigningInContext context)
    {
        var policy = context.HttpContext.RequestServices.GetRequiredService<Domain.Access.ISecurityPolicySource>().Current;
        var issued = context.Properties.IssuedUtc ?? TimeProvider.System.GetUtcNow();
        context.Properties.ExpiresUtc = issued + policy.SessionAbsolute;
        return Task.CompletedTask;
    }

    /// <summary>Sends a browser whose session just ended to the sign-in page saying why.</summary>
    public static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = context.RedirectUri;
        if (context.HttpContext.Items[SessionEndedKey] is string reason)
        {
            target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "reason=" + Uri.EscapeDataString(reason);
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    /// <summary>Keeps the authentication time and the session when the stamp validator re-issues the principal.</summary>
    public static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is not System.Security.Claims.ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        foreach (var type in new[] { UserConsoleClaims.AuthenticatedAt, UserConsoleClaims.SessionId })
        {
            var claim = context.CurrentPrincipal?.FindFirst(type);
            if (claim is not null && !identity.HasClaim(c => c.Type == type))
            {
                identity.AddClaim(new System.Security.Claims.Claim(claim.Type, claim.Value, claim.ValueType));
            }
        }

        return Task.CompletedTask;
    }
}

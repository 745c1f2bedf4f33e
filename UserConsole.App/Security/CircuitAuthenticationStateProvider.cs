using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Security;

/// <summary>The authentication state of an open circuit. The circuit's <see cref="Live.CircuitSession"/> drives it
/// from the change feed: <see cref="Revoke"/> makes it anonymous at once, <see cref="ReevaluateAsync"/> pushes the
/// user's current permissions so that navigation and pages re-render with the new access. As a safety net (a change
/// made by another process without a shared feed) it also re-checks the security stamp every minute.</summary>
internal sealed class CircuitAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IOptions<IdentityOptions> identityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>Ends the session in this circuit: from now on it is anonymous.</summary>
    public void Revoke() => SetAuthenticationState(Task.FromResult(Anonymous));

    /// <summary>Re-reads the user's access after a change the domain announced (role, role permissions, scope,
    /// details) and pushes it to the circuit. The announced change is trusted, so a security stamp rotated by a
    /// role or scope change is taken over rather than treated as a revocation. False when the user can no longer
    /// be signed in (missing or disabled).</summary>
    public async Task<bool> ReevaluateAsync()
    {
        var current = await GetAuthenticationStateAsync();
        if (current.User.GetUserId() is not { } userId)
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync();
        var access = await ActorLoader.LoadAccessAsync(db, userId);
        if (access is not { IsEnabled: true })
        {
            return false;
        }

        var principal = AccessPrincipal.Build(current.User, access, identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return true;
    }

    /// <summary>Shows this circuit the console as <paramref name="previewed"/> would see it (their permissions in
    /// navigation and page checks), after the domain allowed and audited the preview
    /// (<see cref="UserAdministration.StartPreviewAsync"/>). The session stays the administrator's.</summary>
    public async Task<bool> BeginPreviewAsync(ActingUser previewed)
    {
        ArgumentNullException.ThrowIfNull(previewed);
        var current = await GetAuthenticationStateAsync();
        if (!previewed.IsPreview || current.User.GetUserId() != previewed.PreviewBy)
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync();
        var access = await ActorLoader.LoadAccessAsync(db, previewed.UserId);
        if (access is not { IsEnabled: true })
        {
            return false;
        }

        SetAuthenticationState(Task.FromResult(new AuthenticationState(AccessPrincipal.BuildPreview(current.User, access))));
        return true;
    }

    /// <summary>Back to the administrator's own view (their access read afresh).</summary>
    public Task<bool> EndPreviewAsync() => ReevaluateAsync();

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        var principal = authenticationState.User;
        if (principal.GetUserId() is not { } userId)
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.LoadAccessAsync(db, userId, cancellationToken);
        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (access is not { IsEnabled: true } || !string.Equals(access.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            return false;
        }

        if (principal.GetPreview() is { } preview)
        {
            // Still the administrator's session: keep previewing, with the previewed user's access as it is now.
            var previewed = await ActorLoader.LoadAccessAsync(db, preview.Id, cancellationToken);
            var shown = previewed is { IsEnabled: true } ? AccessPrincipal.BuildPreview(principal, previewed) : AccessPrincipal.Build(principal, access);
            if (!SameAccess(principal, shown))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(shown)));
            }

            return true;
        }

        var refreshed = AccessPrincipal.Build(principal, access);
        if (!SameAccess(principal, refreshed))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(refreshed)));
        }

        return true;
    }

    private static bool SameAccess(ClaimsPrincipal a, ClaimsPrincipal b) =>
        AccessClaims(a).SetEquals(AccessClaims(b));

    private static HashSet<string> AccessClaims(ClaimsPrincipal principal) =>
        principal.Claims
            .Where(c => c.Type is UserConsoleClaims.Permission or UserConsoleClaims.MustChangePassword or UserConsoleClaims.MustSetUpTwoFactor
                or UserConsoleClaims.PreviewUserId)
            .Select(c => $"{c.Type}={c.Value}")
            .ToHashSet(StringComparer.Ordinal);
}

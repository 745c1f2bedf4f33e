using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Security;

/// <summary>The authentication state of an open circuit. It re-checks the session against the database
/// (security stamp, enabled, permissions): a session whose stamp changed becomes anonymous, and a changed
/// permission set is pushed to the circuit so that navigation and pages re-render with the new access.</summary>
internal sealed class CircuitAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IOptions<IdentityOptions> identityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

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
            .Where(c => c.Type is UserConsoleClaims.Permission or UserConsoleClaims.MustChangePassword)
            .Select(c => $"{c.Type}={c.Value}")
            .ToHashSet(StringComparer.Ordinal);
}

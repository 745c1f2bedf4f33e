using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Security;

/// <summary>Adds the user's current permissions to the principal of every authenticated request.</summary>
internal sealed class AccessClaimsTransformation(IDbContextFactory<UserConsoleDbContext> contextFactory) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.Identities.Any(i => i.AuthenticationType == UserConsoleClaims.AccessIdentityType)
            || principal.GetUserId() is not { } userId)
        {
            return principal;
        }

        await using var db = await contextFactory.CreateDbContextAsync();
        var access = await ActorLoader.LoadAccessAsync(db, userId);
        return AccessPrincipal.Build(principal, access);
    }
}

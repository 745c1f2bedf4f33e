using System.Globalization;
using System.Security.Claims;
using UserConsole.Domain.Access;

namespace UserConsole.App.Security;

/// <summary>Combines the cookie's identity with the user's current access (permission claims, forced password
/// change) into one principal. The cookie identity keeps name, id and security stamp; access is always fresh.</summary>
public static class AccessPrincipal
{
    public static ClaimsPrincipal Build(ClaimsPrincipal cookiePrincipal, UserAccess? access)
    {
        ArgumentNullException.ThrowIfNull(cookiePrincipal);
        var principal = new ClaimsPrincipal();
        foreach (var identity in cookiePrincipal.Identities.Where(i => i.AuthenticationType != UserConsoleClaims.AccessIdentityType))
        {
            principal.AddIdentity(identity);
        }

        if (access is not { IsEnabled: true })
        {
            return principal;
        }

        var claims = new List<Claim>();
        if (access.MustChangePassword)
        {
            claims.Add(new Claim(UserConsoleClaims.MustChangePassword, "true"));
        }
        else
        {
            claims.AddRange(access.Permissions.Order(StringComparer.Ordinal).Select(p => new Claim(UserConsoleClaims.Permission, p)));
        }

        principal.AddIdentity(new ClaimsIdentity(claims, UserConsoleClaims.AccessIdentityType));
        return principal;
    }

    public static Guid? GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static bool HasPermission(this ClaimsPrincipal principal, string permission)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(UserConsoleClaims.Permission, permission);
    }

    public static bool MustChangePassword(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(c => c.Type == UserConsoleClaims.MustChangePassword);
    }
}

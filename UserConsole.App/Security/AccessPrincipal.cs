using System.Globalization;
using System.Security.Claims;

namespace UserConsole.App.Security;

/// <summary>Combines the cookie's identity with the user's current access (permission claims, forced password
/// change) into one principal. The cookie identity keeps name, id and security stamp; access is always fresh.</summary>
public static class AccessPrincipal
{
    /// <param name="stampClaimType">When given, the principal's security stamp claim is set to the access's
    /// current stamp (a circuit taking over a stamp rotated by a role or scope change it was told about).</param>
    public static ClaimsPrincipal Build(ClaimsPrincipal cookiePrincipal, UserAccess? access, string? stampClaimType = null)
    {
        ArgumentNullException.ThrowIfNull(cookiePrincipal);
        var principal = new ClaimsPrincipal();
        foreach (var identity in cookiePrincipal.Identities.Where(i => i.AuthenticationType != UserConsoleClaims.AccessIdentityType))
        {
            var copy = identity.Clone();
            if (stampClaimType is not null && access?.SecurityStamp is { } stamp && copy.FindFirst(stampClaimType) is { } old)
            {
                copy.RemoveClaim(old);
                copy.AddClaim(new Claim(stampClaimType, stamp));
            }

            principal.AddIdentity(copy);
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
        else if (access.MustSetUpSecondFactor)
        {
            claims.Add(new Claim(UserConsoleClaims.MustSetUpTwoFactor, "true"));
        }
        else
        {
            claims.AddRange(access.Permissions.Order(StringComparer.Ordinal).Select(p => new Claim(UserConsoleClaims.Permission, p)));
        }

        principal.AddIdentity(new ClaimsIdentity(claims, UserConsoleClaims.AccessIdentityType));
        return principal;
    }

    /// <summary>The principal of a circuit previewing <paramref name="previewed"/>'s view: the cookie's identity (so the
    /// session, its limits and its revocation stay the administrator's) with the previewed user's permissions.</summary>
    public static ClaimsPrincipal BuildPreview(ClaimsPrincipal cookiePrincipal, UserAccess previewed)
    {
        ArgumentNullException.ThrowIfNull(previewed);
        var principal = Build(cookiePrincipal, null);
        var claims = previewed.Permissions.Order(StringComparer.Ordinal).Select(p => new Claim(UserConsoleClaims.Permission, p)).ToList();
        claims.Add(new Claim(UserConsoleClaims.PreviewUserId, previewed.UserId.ToString()));
        claims.Add(new Claim(UserConsoleClaims.PreviewUserName, previewed.UserName));
        principal.AddIdentity(new ClaimsIdentity(claims, UserConsoleClaims.AccessIdentityType));
        return principal;
    }

    /// <summary>The user whose view this circuit previews, or null.</summary>
    public static (Guid Id, string Name)? GetPreview(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirstValue(UserConsoleClaims.PreviewUserId), CultureInfo.InvariantCulture, out var id)
            ? (id, principal.FindFirstValue(UserConsoleClaims.PreviewUserName) ?? "")
            : null;
    }

    public static Guid? GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The server-side session the cookie points at; null for a cookie without one.</summary>
    public static Guid? GetSessionId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirstValue(UserConsoleClaims.SessionId);
        return Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static bool HasPermission(this ClaimsPrincipal principal, string permission)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(UserConsoleClaims.Permission, permission);
    }

    public static bool MustSetUpTwoFactor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(c => c.Type == UserConsoleClaims.MustSetUpTwoFactor);
    }

    public static bool MustChangePassword(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(c => c.Type == UserConsoleClaims.MustChangePassword);
    }
}

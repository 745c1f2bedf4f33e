using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Components.Account;

/// <summary>A one-time permission to re-issue one browser's session cookie after its user changed their own
/// password or 2FA from an interactive page (a circuit cannot set cookies). It names the user, the security
/// stamp the change produced, and the session it was made in (the stamp and sign-in time of that session's
/// cookie); it expires after a minute and is accepted once.</summary>
public sealed record SessionRenewalTicket(
    string Id,
    Guid UserId,
    string NewSecurityStamp,
    string PreviousSecurityStamp,
    string? AuthenticatedAt,
    string ReturnUrl,
    DateTimeOffset ExpiresAt);

/// <summary>Issues and redeems <see cref="SessionRenewalTicket"/>s (singleton: it remembers redeemed tickets
/// until they expire). In a scale-out each process remembers its own; a ticket is still bound to the browser's
/// previous cookie and to the new stamp, so a second redemption elsewhere could only renew that same session.</summary>
public sealed class SessionRenewalTickets(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("UserConsole.SessionRenewal.v1");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    public string Issue(Guid userId, string newSecurityStamp, string previousSecurityStamp, string? authenticatedAt, string returnUrl)
    {
        var ticket = new SessionRenewalTicket(
            Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            userId,
            newSecurityStamp,
            previousSecurityStamp,
            authenticatedAt,
            AccountPaths.SafeReturnUrl(returnUrl),
            clock.GetUtcNow() + Lifetime);
        return _protector.Protect(JsonSerializer.Serialize(ticket));
    }

    /// <summary>The ticket when it is genuine, unexpired and not redeemed before; null otherwise. Redeeming uses
    /// it up, whatever the caller decides next.</summary>
    public SessionRenewalTicket? Redeem(string? protectedTicket)
    {
        if (string.IsNullOrEmpty(protectedTicket) || protectedTicket.Length > 4096)
        {
            return null;
        }

        SessionRenewalTicket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize<SessionRenewalTicket>(_protector.Unprotect(protectedTicket));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        foreach (var (id, expiresAt) in _redeemed)
        {
            if (expiresAt <= now)
            {
                _redeemed.TryRemove(id, out _);
            }
        }

        return ticket is not null && ticket.ExpiresAt > now && _redeemed.TryAdd(ticket.Id, ticket.ExpiresAt) ? ticket : null;
    }
}

/// <summary>The interactive side: after the domain reported a <see cref="CredentialChange"/> of the signed-in
/// user, makes the address that renews this browser's sign-in (navigate to it with a full page load).</summary>
public sealed class SessionRenewal(AuthenticationStateProvider authenticationState, SessionRenewalTickets tickets, IOptions<IdentityOptions> identityOptions)
{
    /// <summary>Null when the change is not the signed-in user's own (nothing to renew).</summary>
    public async Task<string?> CreateAddressAsync(CredentialChange change, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(change);
        var user = (await authenticationState.GetAuthenticationStateAsync()).User;
        var previousStamp = user.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (user.GetUserId() != change.UserId || previousStamp is null)
        {
            return null;
        }

        var ticket = tickets.Issue(change.UserId, change.SecurityStamp, previousStamp, user.FindFirstValue(UserConsoleClaims.AuthenticatedAt), returnUrl);
        return $"{AccountPaths.RefreshSignIn}?ticket={Uri.EscapeDataString(ticket)}";
    }

    /// <summary>The endpoint's side: signs this browser in again when the ticket is good, this request still
    /// carries the session cookie the ticket was made for (same user, same previous stamp and sign-in time) and
    /// the user's stamp is still the one the change produced. The new cookie keeps the session's sign-in time
    /// and authentication method. Returns where to go next.</summary>
    public static async Task<string> RedeemAsync(HttpContext context, string? protectedTicket)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var ticket = services.GetRequiredService<SessionRenewalTickets>().Redeem(protectedTicket);
        var previous = ticket is null ? null : ReadSessionCookie(context);
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (ticket is null || previous is null
            || previous.GetUserId() != ticket.UserId
            || previous.FindFirstValue(stampClaim) != ticket.PreviousSecurityStamp
            || previous.FindFirstValue(UserConsoleClaims.AuthenticatedAt) != ticket.AuthenticatedAt)
        {
            return $"{AccountPaths.Login}?reason=session-ended";
        }

        var user = await services.GetRequiredService<UserManager<User>>().FindByIdAsync(ticket.UserId.ToString());
        if (user is not { IsEnabled: true } || user.SecurityStamp != ticket.NewSecurityStamp)
        {
            return $"{AccountPaths.Login}?reason=session-ended";
        }

        // The renewed cookie points at the same server-side session, which must still be open.
        if (previous.GetSessionId() is not { } sessionId
            || await services.GetRequiredService<SessionService>().CheckRequestAsync(sessionId, user.Id, context.RequestAborted) is not null)
        {
            return $"{AccountPaths.Login}?reason=session-ended";
        }

        var claims = previous.Claims
            .Where(c => c.Type is "amr" or ClaimTypes.AuthenticationMethod or UserConsoleClaims.AuthenticatedAt or UserConsoleClaims.SessionId)
            .Select(c => new Claim(c.Type, c.Value, c.ValueType))
            .ToList();
        await services.GetRequiredService<SignInManager<User>>()
            .SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
        return ticket.ReturnUrl;
    }

    /// <summary>The principal in this request's session cookie as it was issued, even though its stamp is no
    /// longer valid; null when there is none or it expired.</summary>
    private static ClaimsPrincipal? ReadSessionCookie(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme);
        var value = options.CookieManager.GetRequestCookie(context, options.Cookie.Name!);
        var ticket = string.IsNullOrEmpty(value) ? null : options.TicketDataFormat.Unprotect(value);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return ticket is not null && (ticket.Properties.ExpiresUtc is not { } expires || expires > now) ? ticket.Principal : null;
    }
}

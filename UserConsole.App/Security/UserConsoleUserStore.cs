using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Profile;

namespace UserConsole.App.Security;

/// <summary>Identity's EF Core user store with two changes. Recovery codes: Identity keeps them in clear text in the
/// user-token row; here only their hashes are stored (<see cref="RecoveryCodes"/>) and redeeming one is the domain's
/// atomic verify-and-consume, audited. Passkeys: a passkey Identity updates after a sign-in records when it was used.</summary>
internal sealed class UserConsoleUserStore(UserConsoleDbContext context, SecondFactorService secondFactors, TimeProvider clock, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<User, UserConsoleDbContext, Guid, IdentityUserClaim<Guid>, IdentityUserLogin<Guid>, IdentityUserToken<Guid>, UserPasskey>(context, describer)
{
    public override Task ReplaceCodesAsync(User user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        return base.ReplaceCodesAsync(user, [.. recoveryCodes.Select(code => RecoveryCodes.Hash(user.Id, code))], cancellationToken);
    }

    public override async Task<bool> RedeemCodeAsync(User user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await secondFactors.RedeemRecoveryCodeAsync(user.Id, code, cancellationToken);
    }

    protected override UserPasskey CreateUserPasskey(User user, UserPasskeyInfo passkey)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return UserPasskey.From(user?.Id ?? throw new ArgumentNullException(nameof(user)), passkey, passkey.Name ?? "Passkey");
    }

    /// <summary>Identity calls this after a passkey signed someone in (new sign count and flags); adding a new
    /// passkey goes through the domain (<see cref="SecondFactorService.AddPasskeyAsync"/>), so an existing row here is a use.</summary>
    public override async Task AddOrUpdatePasskeyAsync(User user, UserPasskeyInfo passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        var existing = await Context.UserPasskeys.SingleOrDefaultAsync(p => p.CredentialId == passkey.CredentialId, cancellationToken);
        existing?.RecordUse(clock.GetUtcNow().UtcDateTime);
        await base.AddOrUpdatePasskeyAsync(user, passkey, cancellationToken);
    }
}

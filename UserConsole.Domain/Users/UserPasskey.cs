using Microsoft.AspNetCore.Identity;

namespace UserConsole.Domain.Users;

/// <summary>A passkey of a user: Identity's own passkey row (credential id, public key, sign count, name, created in
/// <see cref="IdentityUserPasskey{TKey}.Data"/>) plus when it last signed someone in, which Identity does not keep.</summary>
public class UserPasskey : IdentityUserPasskey<Guid>
{
    /// <summary>When this passkey last passed a sign-in; null until it has.</summary>
    public DateTime? LastUsedAt { get; private set; }

    /// <summary>A passkey Identity verified (<see cref="UserPasskeyInfo"/> from an attestation), for
    /// <paramref name="userId"/>, under the name the user gave it.</summary>
    public static UserPasskey From(Guid userId, UserPasskeyInfo passkey, string name)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return new UserPasskey
        {
            UserId = userId,
            CredentialId = passkey.CredentialId,
            Data = new IdentityPasskeyData
            {
                PublicKey = passkey.PublicKey,
                Name = name,
                CreatedAt = passkey.CreatedAt,
                SignCount = passkey.SignCount,
                Transports = passkey.Transports,
                IsUserVerified = passkey.IsUserVerified,
                IsBackupEligible = passkey.IsBackupEligible,
                IsBackedUp = passkey.IsBackedUp,
                AttestationObject = passkey.AttestationObject,
                ClientDataJson = passkey.ClientDataJson,
            },
        };
    }

    public void RecordUse(DateTime at) => LastUsedAt = at;
}

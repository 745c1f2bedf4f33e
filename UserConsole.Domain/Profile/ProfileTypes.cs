namespace UserConsole.Domain.Profile;

/// <summary>A 2FA setup in progress: the new secret (Base32) and the otpauth:// address for the QR code. It exists
/// only in the enrolling session's memory until a correct code confirms it; nothing is stored before.</summary>
public sealed record TwoFactorEnrollment(string Secret, string AuthenticatorUri)
{
    /// <summary>The secret as printed for manual entry, in groups of four.</summary>
    public string GroupedSecret => AuthenticatorCodes.Group(Secret);

    // Keep the secret out of accidental logging of the record.
    public override string ToString() => "TwoFactorEnrollment { Secret = (hidden) }";
}

/// <summary>A user's own credentials changed (password, 2FA): their security stamp is now
/// <paramref name="SecurityStamp"/>, so every other session ends. The session that made the change uses it to
/// renew its own sign-in, and only for this stamp.</summary>
public sealed record CredentialChange(Guid UserId, string SecurityStamp)
{
    /// <summary>The recovery codes made by this change (turning 2FA on), to show once; empty otherwise.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; init; } = [];

    public override string ToString() => $"CredentialChange {{ UserId = {UserId} }}";
}

/// <summary>What the profile page shows: the user's own details and what an administrator manages for them.</summary>
public sealed record ProfileView(
    Guid UserId,
    string UserName,
    string Email,
    string? FullName,
    string? Company,
    string ConcurrencyStamp,
    bool TwoFactorEnabled,
    bool CanChooseNotifications,
    Users.NotificationSettings Notifications,
    string RoleName,
    string? RoleDescription,
    Users.ScopeSummary ProductionServers,
    Users.ScopeSummary StorageServers);

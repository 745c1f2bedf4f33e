namespace UserConsole.Domain.Users;

public enum UserSortField
{
    UserName,
    FullName,
    Company,
    Email,
    Role,
    Access,
    TwoFactor,
    Status,
    LastSignIn,
}

/// <summary>What the users list asks for: a page (zero-based), a sort, a search across username, email, full
/// name and company, and filters. All of it is applied in the database.</summary>
public sealed record UserListQuery
{
    public int Page { get; init; }

    public int PageSize { get; init; } = 25;

    public string? Search { get; init; }

    public UserSortField Sort { get; init; } = UserSortField.UserName;

    public bool Descending { get; init; }

    public Guid? RoleId { get; init; }

    /// <summary>True: enabled users only; false: disabled users only; null: both.</summary>
    public bool? Enabled { get; init; }

    /// <summary>True: users with a second factor (the authenticator app or a passkey); false: with neither; null: both.</summary>
    public bool? TwoFactorEnabled { get; init; }

    /// <summary>True: only users whose role requires two-factor authentication and who have no second factor yet.</summary>
    public bool TwoFactorRequiredNotSetUp { get; init; }
}

/// <summary>A generated password the user has not replaced yet: until when it signs in, and whether that time has
/// passed (then signing in with it is refused and an administrator issues a new one).</summary>
public sealed record PendingOneTimePassword(DateTime ExpiresAt, bool Expired)
{
    public static PendingOneTimePassword? Of(User user, TimeSpan validity, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Of(user.MustChangePassword, user.OneTimePasswordIssuedAt, validity, now);
    }

    /// <summary>Null when there is no generated password to replace (or it predates its issue time being kept).</summary>
    public static PendingOneTimePassword? Of(bool mustChangePassword, DateTime? issuedAt, TimeSpan validity, DateTime now) =>
        mustChangePassword && issuedAt is { } at ? new PendingOneTimePassword(at + validity, at + validity <= now) : null;
}

/// <summary>A user's access to one kind of server as a list shows it: all, or the chosen names.</summary>
public sealed record ScopeSummary(bool All, IReadOnlyList<string> Names);

public sealed record UserListItem(
    Guid Id,
    string UserName,
    string? FullName,
    string? Company,
    string Email,
    Guid RoleId,
    string RoleName,
    bool IsFirstAdmin,
    bool IsEnabled,
    bool TwoFactorEnabled,
    DateTime? LastSignInAt,
    PendingOneTimePassword? OneTimePassword,
    ScopeSummary ProductionServers,
    ScopeSummary StorageServers,
    string ConcurrencyStamp,
    UserCapabilities Can);

/// <summary>One page of the users list, and whether the acting user may create a user.</summary>
public sealed record UserPage(IReadOnlyList<UserListItem> Items, int TotalCount, int Page, int PageSize, Capability Create);

/// <summary>Whether the acting user may do something, and if not, why (the refusal the operation would return).
/// Screens show what the service decides: an action refused by a rule is shown with its reason; one refused only
/// because the actor lacks its permission altogether (<see cref="NeedsPermission"/>) is left out.</summary>
public sealed record Capability(bool Allowed, string? Reason)
{
    public static Capability Yes { get; } = new(true, null);

    /// <summary>Not allowed, because nobody asked the domain: the safe default of a row read without capabilities.</summary>
    public static Capability Unknown { get; } = new(false, "Reload the page to see what you may do here.") { NeedsPermission = true };

    /// <summary>Refused only for a missing permission: a screen leaves the control out instead of explaining it.</summary>
    public bool NeedsPermission { get; init; }

    /// <summary>The reason as a tooltip or an accessible description reads it: a phrase, no closing full stop.</summary>
    public string? Hint => Reason?.TrimEnd('.');

    /// <summary>Whether a screen shows the control (enabled when <see cref="Allowed"/>, else with the reason).</summary>
    public bool Shown => Allowed || !NeedsPermission;

    public static Capability From(DomainError? refusal) => refusal is null
        ? Yes
        : new Capability(false, refusal.Message) { NeedsPermission = refusal.Code == Access.AccessRules.PermissionDeniedCode };

    // Two capabilities are the same when they allow the same and give the same reason.
    public bool Equals(Capability? other) => other is not null && Allowed == other.Allowed && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(Allowed, Reason);
}

public sealed record UserCapabilities(
    Capability Edit,
    Capability ChangeRole,
    Capability ChangeScope,
    Capability Rename,
    Capability Disable,
    Capability Enable,
    Capability ResetPassword,
    Capability DisableTwoFactor,
    Capability Delete)
{
    /// <summary>"Preview as …" (the Edit page's details only; a list row leaves it unknown).</summary>
    public Capability Preview { get; init; } = Capability.Unknown;
}

public sealed record UserDetails(
    Guid Id,
    string UserName,
    string Email,
    string? FullName,
    string? Company,
    Guid RoleId,
    string RoleName,
    bool IsFirstAdmin,
    bool IsEnabled,
    bool TwoFactorEnabled,
    bool MustChangePassword,
    bool IsLockedOut,
    DateTime CreatedAt,
    DateTime? LastSignInAt,
    PendingOneTimePassword? OneTimePassword,
    ScopeMode ProductionServerScope,
    IReadOnlyList<NamedItem> ProductionServers,
    ScopeMode StorageServerScope,
    IReadOnlyList<NamedItem> StorageServers,
    string ConcurrencyStamp,
    UserCapabilities Can);

/// <summary>A role the acting user may assign (its permissions are all theirs).</summary>
public sealed record RoleOption(Guid Id, string Name, string? Description, bool IsFirstAdminRole);

/// <summary>What the create and edit forms offer: only roles the actor may assign and only servers and
/// storages in the actor's own scope.</summary>
/// <param name="ActorHasAllProductionServers">False when the actor's own access is a chosen list: they cannot give
/// "all" and must choose.</param>
public sealed record UserFormOptions(
    IReadOnlyList<RoleOption> AssignableRoles,
    IReadOnlyList<NamedItem> ProductionServers,
    IReadOnlyList<NamedItem> StorageServers,
    bool ActorHasAllProductionServers,
    bool ActorHasAllStorageServers);

/// <summary>A new user and their generated password, shown once and never stored in clear.</summary>
public sealed record CreatedUser(Guid UserId, string UserName, string OneTimePassword)
{
    public override string ToString() => $"CreatedUser {{ UserId = {UserId}, UserName = {UserName} }}";
}

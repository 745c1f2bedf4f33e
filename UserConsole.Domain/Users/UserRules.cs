using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>The rules of user administration, each a check named for what it protects and returning its refusal
/// (or null), worded so a person knows what to do. Operations and the capabilities shown to screens call the same
/// checks, so a screen never offers what the operation would refuse. Property names match the input classes.</summary>
public static class UserRules
{
    /// <summary>The user an operation acts on: who they are and how much they may do. <paramref name="HasSecondFactor"/>
    /// is <see cref="Profile.SecondFactors.Held"/>: the authenticator app or a passkey, what "Disable 2FA" removes.</summary>
    internal sealed record Target(Guid Id, string UserName, bool IsFirstAdmin, bool HasSecondFactor, IReadOnlySet<string> Permissions, AccessScope Scope)
    {
        /// <summary>Needs the user's role (with permissions) and scope rows loaded. Only the 2FA checks read
        /// <see cref="HasSecondFactor"/>; a caller that runs them (or shows them) says whether the user has a passkey.</summary>
        public static Target Of(User user, bool hasPasskey = false) => new(
            user.Id,
            user.UserName!,
            user.IsFirstAdmin,
            user.TwoFactorEnabled || hasPasskey,
            user.Role.PermissionKeys,
            user.IsFirstAdmin ? AccessScope.Everything : user.GetScope());
    }

    // The first admin user: their role, their full access and the account itself are kept.
    public static DomainError FirstAdminRole { get; } = new("first_admin.role", "The first admin's role cannot be changed.", "RoleId");

    internal static DomainError? FirstAdminKeepsItsRole(Target target) => target.IsFirstAdmin ? FirstAdminRole : null;

    public static DomainError FirstAdminScope { get; } =
        new("first_admin.scope", "The first admin always has access to all servers and storages.", "ProductionServerIds");

    internal static DomainError? FirstAdminKeepsFullAccess(Target target) => target.IsFirstAdmin ? FirstAdminScope : null;

    public static DomainError FirstAdminDisable { get; } = new("first_admin.disable", "The first admin cannot be disabled.");

    internal static DomainError? FirstAdminStaysEnabled(Target target) => target.IsFirstAdmin ? FirstAdminDisable : null;

    public static DomainError FirstAdminDelete { get; } = new("first_admin.delete", "The first admin cannot be deleted.");

    internal static DomainError? FirstAdminIsNeverDeleted(Target target) => target.IsFirstAdmin ? FirstAdminDelete : null;

    // The first admin is the root of trust: only that person (on their profile) or the server console changes its
    // password, second factors, username or email; another administrator holding the same role cannot.
    public static DomainError FirstAdminResetPassword { get; } = new("first_admin.reset_password",
        "Only the first admin changes their own password (on their profile), or the server console resets it (reset-admin-password).");

    public static DomainError FirstAdminDisableTwoFactor { get; } = new("first_admin.disable_2fa",
        "Only the first admin turns off their own two-factor authentication (on their profile), or the server console does (reset-admin-password --disable-2fa).");

    public static DomainError FirstAdminRename(string property) => new("first_admin.rename",
        "Only the first admin changes their own username or email.", property);

    internal static DomainError? FirstAdminCredentialsAreTheirOwn(Actor actor, Target target, DomainError refusal) =>
        target.IsFirstAdmin && target.Id != actor.UserId ? refusal : null;

    // One's own account: nobody locks themself out, or changes their own access or credentials from here.
    public static DomainError SelfDelete { get; } = new("self.delete", "You cannot delete your own account.");

    internal static DomainError? NobodyDeletesThemself(Actor actor, Target target) => target.Id == actor.UserId ? SelfDelete : null;

    public static DomainError SelfDisable { get; } = new("self.disable", "You cannot disable your own account.");

    internal static DomainError? NobodyDisablesThemself(Actor actor, Target target) => target.Id == actor.UserId ? SelfDisable : null;

    public static DomainError SelfRole { get; } = new("self.role", "You cannot change your own role.", "RoleId");

    internal static DomainError? NobodyChangesTheirOwnRole(Actor actor, Target target) => target.Id == actor.UserId ? SelfRole : null;

    public static DomainError SelfScope { get; } =
        new("self.scope", "You cannot change your own server or storage access.", "ProductionServerIds");

    internal static DomainError? NobodyChangesTheirOwnScope(Actor actor, Target target) => target.Id == actor.UserId ? SelfScope : null;

    public static DomainError SelfResetPassword { get; } = new("self.reset_password", "Change your own password on your profile.");

    internal static DomainError? OwnPasswordChangesOnTheProfile(Actor actor, Target target) => target.Id == actor.UserId ? SelfResetPassword : null;

    public static DomainError SelfDisableTwoFactor { get; } =
        new("self.disable_2fa", "Turn off your own two-factor authentication on your profile.");

    internal static DomainError? OwnTwoFactorChangesOnTheProfile(Actor actor, Target target) => target.Id == actor.UserId ? SelfDisableTwoFactor : null;

    public static DomainError TwoFactorAlreadyOff { get; } = new("user.2fa_off", "This user does not use two-factor authentication.");

    internal static DomainError? TwoFactorIsOn(Target target) => target.HasSecondFactor ? null : TwoFactorAlreadyOff;

    // No escalation: an actor hands out, and manages, only what they hold themselves.
    public static DomainError TargetExceedsActor(string userName) =>
        new("escalation.target", $"You cannot manage '{userName}': their permissions or server access go beyond yours.");

    /// <summary>The actor may edit, reset, disable 2FA of, disable or delete a user only when the target's
    /// permissions and scope are within the actor's own: no taking over a stronger account.</summary>
    public static DomainError? NoTakeoverOfStrongerUsers(Actor actor, string targetUserName, IReadOnlySet<string> targetPermissions, AccessScope targetScope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(targetPermissions);
        ArgumentNullException.ThrowIfNull(targetScope);
        return actor.HoldsAll(targetPermissions) && targetScope.IsWithin(actor.Scope) ? null : TargetExceedsActor(targetUserName);
    }

    internal static DomainError? NoTakeoverOfStrongerUsers(Actor actor, Target target) =>
        NoTakeoverOfStrongerUsers(actor, target.UserName, target.Permissions, target.Scope);

    public static DomainError RoleExceedsActor(string roleName, IEnumerable<string> missing) =>
        new("escalation.role", $"You cannot assign the role '{roleName}': it has permissions you don't hold ({string.Join(", ", missing)}).", "RoleId");

    /// <summary>Only roles whose permissions the actor holds are given.</summary>
    internal static DomainError? AssignedRoleWithinActor(Actor actor, Role role)
    {
        var missing = role.PermissionKeys.Where(k => !actor.Has(k)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? null : RoleExceedsActor(role.Name, missing);
    }

    public static DomainError ScopeExceedsActor(string property) =>
        new("escalation.scope", "You can only give access to servers and storages that you can access yourself.", property);

    /// <summary>Only scopes within the actor's own are given ("all" is wider than any chosen list).</summary>
    internal static DomainError? AssignedScopeWithinActor(Actor actor, AccessScope scope) =>
        !scope.ProductionServers.IsWithin(actor.Scope.ProductionServers) ? ScopeExceedsActor(nameof(UserFields.ProductionServerIds))
        : !scope.StorageServers.IsWithin(actor.Scope.StorageServers) ? ScopeExceedsActor(nameof(UserFields.StorageServerIds))
        : null;

    // Edits never overwrite a newer version, and never reach what is gone.
    public static DomainError StaleUser { get; } = new("concurrency.stale", "This user was changed by someone else. Reload to see the changes.");

    internal static DomainError? EditedVersionIsCurrent(User user, string? concurrencyStamp) =>
        string.Equals(user.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? null : StaleUser;

    // A save of role or scope does what the person saw before saving.
    public const string ImpactChangedCode = "user.impact_changed";

    public static DomainError ImpactChanged(UserChangeImpact impact) =>
        new(ImpactChangedCode, $"What this change does has changed since you looked. {impact.Describe()} Review it and save again.");

    internal static DomainError? ImpactIsAsConfirmed(UserChangeImpact? impact, string? confirmed) =>
        confirmed is null || impact is null || string.Equals(impact.Fingerprint, confirmed, StringComparison.Ordinal) ? null : ImpactChanged(impact);

    public static DomainError UserNotFound { get; } = new("user.not_found", "This user no longer exists. Reload the list.");

    public static DomainError ScopeServerMissing { get; } =
        new("user.scope_not_found", "Some of the chosen production servers no longer exist. Reload the form and choose again.", "ProductionServerIds");

    public static DomainError ScopeStorageMissing { get; } =
        new("user.scope_not_found", "Some of the chosen storage servers no longer exist. Reload the form and choose again.", "StorageServerIds");

    // Names sign people in: unique case-insensitively, and a username never equals anyone's email.
    public static DomainError UserNameTaken(string userName) =>
        new("user.username_taken", $"Username '{userName}' is already taken", nameof(UserFields.UserName));

    public static DomainError UserNameIsEmail(string userName) =>
        new("user.username_is_email", $"Username '{userName}' is another user's email address", nameof(UserFields.UserName));

    public static DomainError EmailTaken(string email) =>
        new("user.email_taken", $"Email '{email}' is already used by another user", nameof(UserFields.Email));

    public static DomainError EmailIsUserName(string email) =>
        new("user.email_is_username", $"Email '{email}' is another user's username", nameof(UserFields.Email));

    /// <summary>A unique index refused a concurrent duplicate (the check before the save passed).</summary>
    internal static DomainError ConcurrentDuplicate(string constraint) => constraint.Contains("NormalizedEmail", StringComparison.Ordinal)
        ? new DomainError("user.email_taken", "This email is already used by another user", nameof(UserFields.Email))
        : new DomainError("user.username_taken", "This username is already taken", nameof(UserFields.UserName));

    // What each administrative action on an existing user checks, in the order a person finds most useful.
    internal static DomainError? MayEdit(Actor actor, Target target) =>
        AccessRules.Require(actor, Permissions.EditUsers) ?? NoTakeoverOfStrongerUsers(actor, target);

    internal static DomainError? MayChangeRole(Actor actor, Target target) => FirstAdminKeepsItsRole(target) ?? NobodyChangesTheirOwnRole(actor, target);

    internal static DomainError? MayChangeScope(Actor actor, Target target) => FirstAdminKeepsFullAccess(target) ?? NobodyChangesTheirOwnScope(actor, target);

    internal static DomainError? MayDisable(Actor actor, Target target) =>
        NobodyDisablesThemself(actor, target) ?? FirstAdminStaysEnabled(target) ?? NoTakeoverOfStrongerUsers(actor, target);

    internal static DomainError? MayEnable(Actor actor, Target target) => NoTakeoverOfStrongerUsers(actor, target);

    /// <summary>Changing the username or email of <paramref name="target"/>; <paramref name="property"/> names the
    /// field that changes.</summary>
    internal static DomainError? MayRename(Actor actor, Target target, string property = nameof(UserFields.UserName)) =>
        FirstAdminCredentialsAreTheirOwn(actor, target, FirstAdminRename(property));

    internal static DomainError? MayResetPassword(Actor actor, Target target) =>
        OwnPasswordChangesOnTheProfile(actor, target) ?? NoTakeoverOfStrongerUsers(actor, target)
        ?? FirstAdminCredentialsAreTheirOwn(actor, target, FirstAdminResetPassword);

    internal static DomainError? MayDisableTwoFactor(Actor actor, Target target) =>
        OwnTwoFactorChangesOnTheProfile(actor, target) ?? NoTakeoverOfStrongerUsers(actor, target)
        ?? FirstAdminCredentialsAreTheirOwn(actor, target, FirstAdminDisableTwoFactor) ?? TwoFactorIsOn(target);

    internal static DomainError? MayDelete(Actor actor, Target target) =>
        NobodyDeletesThemself(actor, target) ?? FirstAdminIsNeverDeleted(target) ?? NoTakeoverOfStrongerUsers(actor, target);

    // "Preview as …": an administrator who may manage the user sees the console through the user's role and scope.
    public static DomainError PreviewSelf { get; } = new("preview.self", "This is your own view already.");

    public static DomainError PreviewDisabled(string userName) =>
        new("preview.disabled", $"{userName} is disabled: a disabled account sees nothing to preview.");

    public static DomainError PreviewNoPassword(string userName) =>
        new("preview.not_signed_up", $"{userName} has not chosen a password yet: until then the account sees only the password form.");

    internal static DomainError? MayPreview(Actor actor, Target target, bool isEnabled, bool mustChangePassword) =>
        AccessRules.Require(actor, Permissions.EditUsers)
        ?? (target.Id == actor.UserId ? PreviewSelf : null)
        ?? NoTakeoverOfStrongerUsers(actor, target)
        ?? (isEnabled ? null : PreviewDisabled(target.UserName))
        ?? (mustChangePassword ? PreviewNoPassword(target.UserName) : null);

    /// <summary>What the actor may do to <paramref name="target"/>, each with the refusal the operation would return.</summary>
    internal static UserCapabilities CapabilitiesOf(Actor actor, Target target)
    {
        var edit = MayEdit(actor, target);
        var editUsers = AccessRules.Require(actor, Permissions.EditUsers);
        return new UserCapabilities(
            Edit: Capability.From(edit),
            ChangeRole: Capability.From(edit ?? MayChangeRole(actor, target)),
            ChangeScope: Capability.From(edit ?? MayChangeScope(actor, target)),
            Rename: Capability.From(edit ?? MayRename(actor, target)),
            Disable: Capability.From(editUsers ?? MayDisable(actor, target)),
            Enable: Capability.From(editUsers ?? MayEnable(actor, target)),
            ResetPassword: Capability.From(editUsers ?? MayResetPassword(actor, target)),
            DisableTwoFactor: Capability.From(editUsers ?? MayDisableTwoFactor(actor, target)),
            Delete: Capability.From(AccessRules.Require(actor, Permissions.DeleteUsers) ?? MayDelete(actor, target)));
    }
}

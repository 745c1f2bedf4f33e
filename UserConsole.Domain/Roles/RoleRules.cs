using UserConsole.Domain.Users;

namespace UserConsole.Domain.Roles;

/// <summary>The rules of role administration, each a check named for what it protects and returning its refusal
/// (or null). The role list, the permissions matrix and the operations call the same checks.</summary>
public static class RoleRules
{
    // The first admin role always holds the whole catalog, and is never deleted.
    public static DomainError FirstAdminRoleChange { get; } =
        new("first_admin_role.change", "The first admin role always has every permission and cannot be changed or deleted.");

    internal static DomainError? FirstAdminRoleKeepsEveryPermission(Role role) => role.IsFirstAdminRole ? FirstAdminRoleChange : null;

    public static DomainError FirstAdminRoleDelete { get; } = new("first_admin_role.delete", "The first admin role cannot be deleted.");

    internal static DomainError? FirstAdminRoleIsNeverDeleted(bool isFirstAdminRole) => isFirstAdminRole ? FirstAdminRoleDelete : null;

    // A role somebody holds is kept: deleting it would leave them without one.
    public static DomainError RoleInUse(string roleName, int users) =>
        new("role.in_use", $"Role '{roleName}' is assigned to {users} {(users == 1 ? "user" : "users")}");

    internal static DomainError? RoleInUseIsKept(string roleName, int users) => users > 0 ? RoleInUse(roleName, users) : null;

    // No escalation through roles.
    public static DomainError PermissionsExceedActor(IEnumerable<string> missing) =>
        new("escalation.permission", $"You cannot grant permissions you don't hold: {string.Join(", ", missing)}.", "Permissions");

    /// <summary>The actor adds or removes only permissions they hold themselves; permissions they do not hold stay
    /// exactly as they were.</summary>
    internal static DomainError? GrantsOnlyHeldPermissions(Actor actor, IReadOnlySet<string> current, IReadOnlySet<string> wanted)
    {
        var touched = new HashSet<string>(current, StringComparer.Ordinal);
        touched.SymmetricExceptWith(wanted);
        var missing = touched.Where(k => !actor.Has(k)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? null : PermissionsExceedActor(missing);
    }

    // Edits never overwrite a newer version, and never reach what is gone.
    public static DomainError StaleRole { get; } = new("concurrency.stale", "This role was changed by someone else. Reload to see the changes.");

    internal static DomainError? EditedVersionIsCurrent(Role role, string? concurrencyStamp) =>
        string.Equals(role.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? null : StaleRole;

    // A save does what the person saw before Save: if who gains or loses what changed meanwhile, they look again.
    public const string ImpactChangedCode = "role.impact_changed";

    public static DomainError ImpactChanged(RoleImpact impact) =>
        new(ImpactChangedCode, $"Who this change affects has changed since you looked. {impact.Describe()} Review it and save again.");

    internal static DomainError? ImpactIsAsConfirmed(RoleImpact impact, string? confirmed) =>
        confirmed is null || string.Equals(impact.Fingerprint, confirmed, StringComparison.Ordinal) ? null : ImpactChanged(impact);

    public static DomainError RoleNotFound { get; } = new("role.not_found", "This role no longer exists. Reload the list.", "RoleId");

    // Role names are unique case-insensitively.
    public static DomainError NameTaken(string name) =>
        new("role.name_taken", $"Role name '{name}' is already taken", nameof(RoleInput.Name));

    // What the role list and the matrix offer, from the same checks as the operations.
    internal static Capability MayCreate(Actor actor) => Capability.From(AccessRules.Require(actor, Permissions.CreateUserRole));

    internal static Capability MayEdit(Actor actor, bool isFirstAdminRole) =>
        Capability.From(AccessRules.Require(actor, Permissions.EditUserRoles) ?? (isFirstAdminRole ? FirstAdminRoleChange : null));

    internal static Capability MayDelete(Actor actor, string roleName, bool isFirstAdminRole, int users) =>
        Capability.From(AccessRules.Require(actor, Permissions.DeleteUserRoles)
            ?? FirstAdminRoleIsNeverDeleted(isFirstAdminRole)
            ?? RoleInUseIsKept(roleName, users));
}

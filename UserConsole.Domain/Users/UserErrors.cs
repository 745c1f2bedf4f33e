using UserConsole.Domain.Access;

namespace UserConsole.Domain.Users;

/// <summary>Every refusal of user and role administration, one code per rule (DESIGN.md rules 1–9), worded so a
/// person knows what to do. Property names match the input classes' properties.</summary>
public static class UserErrors
{
    // Rule 1: deny by default.
    public static DomainError PermissionDenied(string permission) =>
        new("permission.denied", $"You need the {permission} permission.");

    // Rule 2: the first admin user.
    public static DomainError FirstAdminRole { get; } =
        new("first_admin.role", "The first admin's role cannot be changed.", "RoleId");

    public static DomainError FirstAdminDisable { get; } =
        new("first_admin.disable", "The first admin cannot be disabled.");

    public static DomainError FirstAdminDelete { get; } =
        new("first_admin.delete", "The first admin cannot be deleted.");

    public static DomainError FirstAdminScope { get; } =
        new("first_admin.scope", "The first admin always has access to all servers and storages.", "ProductionServerIds");

    // Rule 3 and rule 6's last sentence: one's own account.
    public static DomainError SelfDelete { get; } =
        new("self.delete", "You cannot delete your own account.");

    public static DomainError SelfDisable { get; } =
        new("self.disable", "You cannot disable your own account.");

    public static DomainError SelfRole { get; } =
        new("self.role", "You cannot change your own role.", "RoleId");

    public static DomainError SelfScope { get; } =
        new("self.scope", "You cannot change your own server or storage access.", "ProductionServerIds");

    // Rule 4: the first admin role.
    public static DomainError FirstAdminRoleDelete { get; } =
        new("first_admin_role.delete", "The first admin role cannot be deleted.");

    public static DomainError FirstAdminRoleChange { get; } =
        new("first_admin_role.change", "The first admin role always has every permission and cannot be changed or deleted.");

    // Rule 5: roles in use.
    public static DomainError RoleInUse(string roleName, int users) =>
        new("role.in_use", $"Role '{roleName}' is assigned to {users} {(users == 1 ? "user" : "users")}");

    // Rule 6: no escalation.
    public static DomainError RoleExceedsActor(string roleName, IEnumerable<string> missing) =>
        new("escalation.role", $"You cannot assign the role '{roleName}': it has permissions you don't hold ({string.Join(", ", missing)}).", "RoleId");

    public static DomainError PermissionsExceedActor(IEnumerable<string> missing) =>
        new("escalation.permission", $"You cannot grant permissions you don't hold: {string.Join(", ", missing)}.", "Permissions");

    public static DomainError ScopeExceedsActor(string property) =>
        new("escalation.scope", "You can only give access to servers and storages that you can access yourself.", property);

    public static DomainError TargetExceedsActor(string userName) =>
        new("escalation.target", $"You cannot manage '{userName}': their permissions or server access go beyond yours.");

    // Rule 7: stale edits.
    public static DomainError StaleUser { get; } =
        new("concurrency.stale", "This user was changed by someone else. Reload to see the changes.");

    public static DomainError StaleRole { get; } =
        new("concurrency.stale", "This role was changed by someone else. Reload to see the changes.");

    // Things that are gone.
    public static DomainError UserNotFound { get; } =
        new("user.not_found", "This user no longer exists. Reload the list.");

    public static DomainError RoleNotFound { get; } =
        new("role.not_found", "This role no longer exists. Reload the list.", "RoleId");

    /// <summary>Null when the actor holds the permission, else the refusal naming it.</summary>
    public static DomainError? Require(Actor actor, string permission)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Has(permission) ? null : PermissionDenied(permission);
    }

    /// <summary>Rule 6 for a target user: the actor may edit, reset, disable 2FA of, disable or delete a user
    /// only when the target's permissions and scope are within the actor's own.</summary>
    public static DomainError? CanManage(Actor actor, string targetUserName, IReadOnlySet<string> targetPermissions, AccessScope targetScope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(targetPermissions);
        ArgumentNullException.ThrowIfNull(targetScope);
        return actor.HoldsAll(targetPermissions) && targetScope.IsWithin(actor.Scope)
            ? null
            : TargetExceedsActor(targetUserName);
    }
}

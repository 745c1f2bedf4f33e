using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>The protection rules as checks that return the refusal or null. Operations and the capabilities
/// shown to screens use the same checks, so a screen never offers what the operation would refuse.</summary>
public sealed partial class UserAdministration
{
    public static DomainError SelfResetPassword { get; } =
        new("self.reset_password", "Change your own password on your profile.");

    public static DomainError SelfDisableTwoFactor { get; } =
        new("self.disable_2fa", "Turn off your own two-factor authentication on your profile.");

    public static DomainError TwoFactorAlreadyOff { get; } =
        new("user.2fa_off", "This user does not use two-factor authentication.");

    public static DomainError ScopeServerMissing { get; } =
        new("user.scope_not_found", "Some of the chosen production servers no longer exist. Reload the form and choose again.", "ProductionServerIds");

    public static DomainError ScopeStorageMissing { get; } =
        new("user.scope_not_found", "Some of the chosen storage servers no longer exist. Reload the form and choose again.", "StorageServerIds");

    /// <summary>The user an operation acts on: who they are and how much they may do.</summary>
    internal sealed record Target(Guid Id, string UserName, bool IsFirstAdmin, bool TwoFactorEnabled, IReadOnlySet<string> Permissions, AccessScope Scope)
    {
        /// <summary>Needs the user's role (with permissions) and scope rows loaded.</summary>
        public static Target Of(User user) => new(
            user.Id,
            user.UserName!,
            user.IsFirstAdmin,
            user.TwoFactorEnabled,
            user.Role.PermissionKeys,
            user.IsFirstAdmin ? AccessScope.Everything : user.GetScope());
    }

    internal static UserCapabilities CapabilitiesOf(Actor actor, Target target)
    {
        var edit = UserErrors.Require(actor, Permissions.EditUsers) ?? Manage(actor, target);
        return new UserCapabilities(
            Edit: Capability.From(edit),
            ChangeRole: Capability.From(edit ?? (target.IsFirstAdmin ? UserErrors.FirstAdminRole : null) ?? (target.Id == actor.UserId ? UserErrors.SelfRole : null)),
            ChangeScope: Capability.From(edit ?? (target.IsFirstAdmin ? UserErrors.FirstAdminScope : null) ?? (target.Id == actor.UserId ? UserErrors.SelfScope : null)),
            Disable: Capability.From(UserErrors.Require(actor, Permissions.EditUsers) ?? CheckDisable(actor, target)),
            Enable: Capability.From(UserErrors.Require(actor, Permissions.EditUsers) ?? CheckEnable(actor, target)),
            ResetPassword: Capability.From(UserErrors.Require(actor, Permissions.EditUsers) ?? CheckResetPassword(actor, target)),
            DisableTwoFactor: Capability.From(UserErrors.Require(actor, Permissions.EditUsers) ?? CheckDisableTwoFactor(actor, target)),
            Delete: Capability.From(UserErrors.Require(actor, Permissions.DeleteUsers) ?? CheckDelete(actor, target)));
    }

    private static DomainError? Manage(Actor actor, Target target) =>
        UserErrors.CanManage(actor, target.UserName, target.Permissions, target.Scope);

    // Rules 3, 2 and 6, in the order a person finds most useful.
    internal static DomainError? CheckDisable(Actor actor, Target target) =>
        (target.Id == actor.UserId ? UserErrors.SelfDisable : null)
        ?? (target.IsFirstAdmin ? UserErrors.FirstAdminDisable : null)
        ?? Manage(actor, target);

    internal static DomainError? CheckEnable(Actor actor, Target target) => Manage(actor, target);

    internal static DomainError? CheckResetPassword(Actor actor, Target target) =>
        (target.Id == actor.UserId ? SelfResetPassword : null) ?? Manage(actor, target);

    internal static DomainError? CheckDisableTwoFactor(Actor actor, Target target) =>
        (!target.TwoFactorEnabled ? TwoFactorAlreadyOff : null)
        ?? (target.Id == actor.UserId ? SelfDisableTwoFactor : null)
        ?? Manage(actor, target);

    internal static DomainError? CheckDelete(Actor actor, Target target) =>
        (target.Id == actor.UserId ? UserErrors.SelfDelete : null)
        ?? (target.IsFirstAdmin ? UserErrors.FirstAdminDelete : null)
        ?? Manage(actor, target);

    private static DomainError? CheckStale(User user, string? concurrencyStamp) =>
        string.Equals(user.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? null : UserErrors.StaleUser;

    /// <summary>Rule 6: only roles whose permissions the actor holds.</summary>
    private static DomainError? CheckAssignable(Actor actor, Role role)
    {
        var missing = role.PermissionKeys.Where(k => !actor.Has(k)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? null : UserErrors.RoleExceedsActor(role.Name, missing);
    }

    /// <summary>Rule 6: only scopes within the actor's own ("all" is wider than any chosen list).</summary>
    private static DomainError? CheckScopeAssignable(Actor actor, AccessScope scope) =>
        !scope.ProductionServers.IsWithin(actor.Scope.ProductionServers) ? UserErrors.ScopeExceedsActor(nameof(UserFields.ProductionServerIds))
        : !scope.StorageServers.IsWithin(actor.Scope.StorageServers) ? UserErrors.ScopeExceedsActor(nameof(UserFields.StorageServerIds))
        : null;

    private static async Task<DomainError?> CheckScopeExistsAsync(UserConsoleDbContext db, AccessScope scope, CancellationToken cancellationToken)
    {
        var servers = scope.ProductionServers.Ids.ToList();
        if (servers.Count > 0 && await db.ProductionServers.CountAsync(s => servers.Contains(s.Id), cancellationToken) != servers.Count)
        {
            return ScopeServerMissing;
        }

        var storages = scope.StorageServers.Ids.ToList();
        if (storages.Count > 0 && await db.StorageServers.CountAsync(s => storages.Contains(s.Id), cancellationToken) != storages.Count)
        {
            return ScopeStorageMissing;
        }

        return null;
    }

    /// <summary>Usernames and emails are unique case-insensitively, and a username never equals an email.</summary>
    private async Task<DomainError?> CheckUniqueAsync(UserConsoleDbContext db, string userName, string email, Guid? except, CancellationToken cancellationToken)
    {
        var trimmedEmail = email.Trim();
        var name = normalizer.NormalizeName(userName);
        var nameAsEmail = normalizer.NormalizeEmail(userName);
        var mail = normalizer.NormalizeEmail(trimmedEmail);
        var mailAsName = normalizer.NormalizeName(trimmedEmail);
        var others = db.Users.Where(u => except == null || u.Id != except);
        if (await others.AnyAsync(u => u.NormalizedUserName == name, cancellationToken))
        {
            return new DomainError("user.username_taken", $"Username '{userName}' is already taken", nameof(UserFields.UserName));
        }

        if (await others.AnyAsync(u => u.NormalizedEmail == nameAsEmail, cancellationToken))
        {
            return new DomainError("user.username_is_email", $"Username '{userName}' is another user's email address", nameof(UserFields.UserName));
        }

        if (await others.AnyAsync(u => u.NormalizedEmail == mail, cancellationToken))
        {
            return new DomainError("user.email_taken", $"Email '{trimmedEmail}' is already used by another user", nameof(UserFields.Email));
        }

        if (await others.AnyAsync(u => u.NormalizedUserName == mailAsName, cancellationToken))
        {
            return new DomainError("user.email_is_username", $"Email '{trimmedEmail}' is another user's username", nameof(UserFields.Email));
        }

        return null;
    }

    private static AccessScope ToScope(UserFields input) => new(
        input.ProductionServerIds is { Count: > 0 } servers ? ResourceScope.Chosen(servers) : ResourceScope.Everything,
        input.StorageServerIds is { Count: > 0 } storages ? ResourceScope.Chosen(storages) : ResourceScope.Everything);

    private static Task<Role?> LoadRoleAsync(UserConsoleDbContext db, Guid roleId, CancellationToken cancellationToken) =>
        db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);

    private static Task<User?> LoadTrackedAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.AsSplitQuery()
            .Include(u => u.Role).ThenInclude(r => r.Permissions)
            .Include(u => u.ProductionServers)
            .Include(u => u.StorageServers)
            .SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);

    /// <summary>What was asked for, for the audit entry of a refusal (ids, no lookups).</summary>
    private static ChangeSet Describe(UserFields input) => new ChangeSet()
        .Add("UserName", null, input.UserName)
        .Add("Email", null, input.Email)
        .Add("FullName", null, input.FullName)
        .Add("Company", null, input.Company)
        .Add("RoleId", null, input.RoleId?.ToString())
        .Add("ProductionServers", null, input.ProductionServerIds is { Count: > 0 } p ? string.Join(", ", p.Order()) : "All")
        .Add("StorageServers", null, input.StorageServerIds is { Count: > 0 } s ? string.Join(", ", s.Order()) : "All");

    /// <summary>A user's audited fields with names a person reads (role name, server names).</summary>
    private static async Task<Dictionary<string, string?>> DescribeAsync(UserConsoleDbContext db, User user, string roleName, CancellationToken cancellationToken)
    {
        var serverIds = user.ProductionServers.Select(s => s.ProductionServerId).ToList();
        var storageIds = user.StorageServers.Select(s => s.StorageServerId).ToList();
        var servers = await db.ProductionServers.Where(s => serverIds.Contains(s.Id)).Select(s => s.Name).ToListAsync(cancellationToken);
        var storages = await db.StorageServers.Where(s => storageIds.Contains(s.Id)).Select(s => s.Name).ToListAsync(cancellationToken);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["UserName"] = user.UserName,
            ["Email"] = user.Email,
            ["FullName"] = user.FullName,
            ["Company"] = user.Company,
            ["Role"] = roleName,
            ["ProductionServers"] = user.ProductionServerScope == ScopeMode.All || user.IsFirstAdmin ? "All" : string.Join(", ", servers.Order(StringComparer.OrdinalIgnoreCase)),
            ["StorageServers"] = user.StorageServerScope == ScopeMode.All || user.IsFirstAdmin ? "All" : string.Join(", ", storages.Order(StringComparer.OrdinalIgnoreCase)),
        };
    }

    private static ChangeSet Diff(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var set = new ChangeSet();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            set.Add(key, before.GetValueOrDefault(key), after.GetValueOrDefault(key));
        }

        return set;
    }

    /// <summary>Records a refusal (only the audit entry is written) and returns it.</summary>
    private Task<DomainError> RefuseAsync(
        UserConsoleDbContext db, Actor actor, string action, Guid? targetId, string? targetName, DomainError error, ChangeSet? attempted, CancellationToken cancellationToken) =>
        AuditTrail.RefuseAsync(db, clock.GetUtcNow().UtcDateTime, actor, action, TargetType, targetId?.ToString(), targetName, error, attempted, cancellationToken);

    /// <summary>Saves the change with its audit entry in one transaction. A concurrent change (stale token) or a
    /// concurrent duplicate (unique index) becomes a refusal, audited on its own.</summary>
    private async Task<DomainError?> SaveAsync(
        UserConsoleDbContext db, Actor actor, string action, Guid targetId, string targetName, ChangeSet? attempted, CancellationToken cancellationToken)
    {
        DomainError refusal;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            refusal = UserErrors.StaleUser;
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite)
        {
            refusal = sqlite.Message.Contains("NormalizedEmail", StringComparison.Ordinal)
                ? new DomainError("user.email_taken", "This email is already used by another user", nameof(UserFields.Email))
                : new DomainError("user.username_taken", "This username is already taken", nameof(UserFields.UserName));
        }

        return await RefuseAsync(db, actor, action, targetId, targetName, refusal, attempted, cancellationToken);
    }
}

using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Roles;

/// <summary>Role administration: create, read, list, update and delete permission sets, with the first admin
/// role protected (rule 4), roles in use kept (rule 5) and no escalation (rule 6). Every success and refusal is
/// audited; a refusal changes nothing else.</summary>
public sealed class RoleAdministration(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IValidator<RoleInput> createValidator,
    IValidator<UpdateRoleInput> updateValidator,
    ILookupNormalizer normalizer,
    IChangePublisher changes,
    TimeProvider clock)
{
    private const string TargetType = "Role";

    public async Task<Result<Guid>> CreateAsync(ActingUser by, RoleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        const string action = "role.create";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var wanted = Permissions.WithImplied(input.Permissions ?? []);
        var refusal = UserErrors.Require(actor, Permissions.CreateUserRole)
            ?? Validation.FirstError(createValidator, input)
            ?? CheckGrantable(actor, new HashSet<string>(), wanted)
            ?? await CheckNameFreeAsync(db, input.Name, null, cancellationToken);
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, null, input.Name, refusal, Describe(input.Name, input.Description, wanted), cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var name = input.Name.Trim();
        var role = new Role(name, Clean(input.Description), now) { NormalizedName = normalizer.NormalizeName(name) };
        role.SetPermissions(wanted);
        db.Roles.Add(role);
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, action, TargetType, role.Id.ToString(), role.Name,
            new ChangeSet().Add("Name", null, role.Name).Add("Description", null, role.Description).Add("Permissions", null, Keys(role.PermissionKeys))));
        if (await SaveAsync(db, actor, action, role.Id, role.Name, null, cancellationToken) is { } failed)
        {
            return failed;
        }

        changes.Publish(new DomainChange(ChangeKind.Role, role.Id.ToString(), ChangeAction.Created, by.SessionId));
        return role.Id;
    }

    public async Task<Result<IReadOnlyList<RoleListItem>>> ListAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewUsersPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var all = Permissions.All.Count;
        var rows = await db.Roles.AsNoTracking()
            .OrderByDescending(r => r.IsFirstAdminRole).ThenBy(r => r.NormalizedName)
            .Select(r => new RoleListItem(
                r.Id,
                r.Name,
                r.Description,
                r.IsFirstAdminRole,
                r.IsFirstAdminRole ? all : r.Permissions.Count,
                db.Users.Count(u => u.RoleId == r.Id),
                r.ConcurrencyStamp))
            .ToListAsync(cancellationToken);
        return rows;
    }

    public async Task<Result<RoleDetails>> GetAsync(ActingUser by, Guid roleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewUsersPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var actor = access.Value;

        var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);
        if (role is null)
        {
            return UserErrors.RoleNotFound;
        }

        var users = await db.Users.CountAsync(u => u.RoleId == roleId, cancellationToken);
        var edit = UserErrors.Require(actor, Permissions.EditUserRoles) ?? (role.IsFirstAdminRole ? UserErrors.FirstAdminRoleChange : null);
        var delete = UserErrors.Require(actor, Permissions.DeleteUserRoles)
            ?? (role.IsFirstAdminRole ? UserErrors.FirstAdminRoleDelete : null)
            ?? (users > 0 ? UserErrors.RoleInUse(role.Name, users) : null);
        return new RoleDetails(role.Id, role.Name, role.Description, role.IsFirstAdminRole, role.PermissionKeys, users,
            role.ConcurrencyStamp, Capability.From(edit), Capability.From(delete));
    }

    /// <summary>Changes name, description and permissions (implied page permissions are added). Users holding
    /// the role get the new permissions at their next request; open sessions re-evaluate through the change feed.</summary>
    public async Task<Result> UpdateAsync(ActingUser by, UpdateRoleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        const string action = "role.update";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var wanted = Permissions.WithImplied(input.Permissions ?? []);
        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == input.RoleId, cancellationToken);
        var refusal = UserErrors.Require(actor, Permissions.EditUserRoles)
            ?? (role is null ? UserErrors.RoleNotFound : null)
            ?? (role!.IsFirstAdminRole ? UserErrors.FirstAdminRoleChange : null)
            ?? (!string.Equals(role.ConcurrencyStamp, input.ConcurrencyStamp, StringComparison.Ordinal) ? UserErrors.StaleRole : null)
            ?? Validation.FirstError(updateValidator, input)
            ?? CheckGrantable(actor, role.PermissionKeys, wanted)
            ?? await CheckNameFreeAsync(db, input.Name, role.Id, cancellationToken);
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, input.RoleId, role?.Name ?? input.Name, refusal, Describe(input.Name, input.Description, wanted), cancellationToken);
        }

        var before = new { role!.Name, role.Description, Permissions = Keys(role.PermissionKeys) };
        var name = input.Name.Trim();
        role.Rename(name, Clean(input.Description));
        role.NormalizedName = normalizer.NormalizeName(name);
        role.SetPermissions(wanted);
        role.Touch();
        var changeSet = new ChangeSet()
            .Add("Name", before.Name, role.Name)
            .Add("Description", before.Description, role.Description)
            .Add("Permissions", before.Permissions, Keys(role.PermissionKeys));
        db.AuditEntries.Add(AuditTrail.Succeeded(clock.GetUtcNow().UtcDateTime, actor, action, TargetType, role.Id.ToString(), role.Name, changeSet));
        if (await SaveAsync(db, actor, action, role.Id, role.Name, null, cancellationToken) is { } failed)
        {
            return failed;
        }

        changes.Publish(new DomainChange(ChangeKind.Role, role.Id.ToString(), ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    public async Task<Result> DeleteAsync(ActingUser by, Guid roleId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        const string action = "role.delete";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);
        var users = role is null ? 0 : await db.Users.CountAsync(u => u.RoleId == roleId, cancellationToken);
        var refusal = UserErrors.Require(actor, Permissions.DeleteUserRoles)
            ?? (role is null ? UserErrors.RoleNotFound : null)
            ?? (role!.IsFirstAdminRole ? UserErrors.FirstAdminRoleDelete : null)
            ?? (!string.Equals(role.ConcurrencyStamp, concurrencyStamp, StringComparison.Ordinal) ? UserErrors.StaleRole : null)
            ?? (users > 0 ? UserErrors.RoleInUse(role.Name, users) : null);
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, roleId, role?.Name, refusal, null, cancellationToken);
        }

        db.Roles.Remove(role!);
        db.AuditEntries.Add(AuditTrail.Succeeded(clock.GetUtcNow().UtcDateTime, actor, action, TargetType, role!.Id.ToString(), role.Name,
            new ChangeSet().Add("Name", role.Name, null).Add("Description", role.Description, null).Add("Permissions", Keys(role.PermissionKeys), null)));
        if (await SaveAsync(db, actor, action, role.Id, role.Name, null, cancellationToken) is { } failed)
        {
            return failed;
        }

        changes.Publish(new DomainChange(ChangeKind.Role, role.Id.ToString(), ChangeAction.Deleted, by.SessionId));
        return Result.Success;
    }

    /// <summary>Rule 6: the actor adds or removes only permissions they hold themselves; permissions they do not
    /// hold stay exactly as they were.</summary>
    internal static DomainError? CheckGrantable(Actor actor, IReadOnlySet<string> current, IReadOnlySet<string> wanted)
    {
        var touched = new HashSet<string>(current, StringComparer.Ordinal);
        touched.SymmetricExceptWith(wanted);
        var missing = touched.Where(k => !actor.Has(k)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? null : UserErrors.PermissionsExceedActor(missing);
    }

    private async Task<DomainError?> CheckNameFreeAsync(UserConsoleDbContext db, string name, Guid? except, CancellationToken cancellationToken)
    {
        var normalized = normalizer.NormalizeName(name.Trim());
        return await db.Roles.AnyAsync(r => r.NormalizedName == normalized && (except == null || r.Id != except), cancellationToken)
            ? NameTaken(name.Trim())
            : null;
    }

    private static DomainError NameTaken(string name) =>
        new("role.name_taken", $"Role name '{name}' is already taken", nameof(RoleInput.Name));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Keys(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

    private static ChangeSet Describe(string name, string? description, IEnumerable<string> keys) =>
        new ChangeSet().Add("Name", null, name).Add("Description", null, description).Add("Permissions", null, Keys(keys));

    private Task<DomainError> RefuseAsync(
        UserConsoleDbContext db, Actor actor, string action, Guid? targetId, string? targetName, DomainError error, ChangeSet? attempted, CancellationToken cancellationToken) =>
        AuditTrail.RefuseAsync(db, clock.GetUtcNow().UtcDateTime, actor, action, TargetType, targetId?.ToString(), targetName, error, attempted, cancellationToken);

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
            refusal = UserErrors.StaleRole;
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite)
        {
            // A concurrent create with the same name, or a user given this role while it was being deleted.
            refusal = sqlite.Message.Contains("NormalizedName", StringComparison.Ordinal)
                ? NameTaken(targetName)
                : UserErrors.RoleInUse(targetName, await db.Users.CountAsync(u => u.RoleId == targetId, cancellationToken));
        }

        return await RefuseAsync(db, actor, action, targetId, targetName, refusal, attempted, cancellationToken);
    }
}

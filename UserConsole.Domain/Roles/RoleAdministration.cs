using FluentValidation;
using Microsoft.AspNetCore.Identity;

namespace UserConsole.Domain.Roles;

/// <summary>Role administration: create, read, list, update and delete permission sets, under the rules of
/// <see cref="RoleRules"/> (the first admin role is protected, roles in use are kept, no escalation). Every success
/// and refusal is audited; a refusal changes nothing else.</summary>
public sealed class RoleAdministration(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IValidator<RoleInput> createValidator,
    IValidator<UpdateRoleInput> updateValidator,
    ILookupNormalizer normalizer)
{
    private static OperationSpec Spec(string action, string permission) =>
        new(action, "Role", permission, RoleRules.StaleRole, Conflict);

    public async Task<Result<Guid>> CreateAsync(ActingUser by, RoleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var wanted = Permissions.WithImplied(input.Permissions ?? []);
        await using var op = await operations.BeginAsync(by, Spec("role.create", Permissions.CreateUserRole), new AuditTarget(null, input.Name),
            cancellationToken, Describe(input.Name, input.Description, wanted, input.RequireTwoFactor));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        if (await op.RefuseIfAsync(Validation.FirstError(createValidator, input)
            ?? RoleRules.GrantsOnlyHeldPermissions(op.Actor, new HashSet<string>(), wanted)
            ?? await CheckNameFreeAsync(op.Db, input.Name, null, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var name = input.Name.Trim();
        var role = new Role(name, Clean(input.Description), op.Now) { NormalizedName = normalizer.NormalizeName(name) };
        role.SetPermissions(wanted);
        role.RequireTwoFactor(input.RequireTwoFactor);
        op.Db.Roles.Add(role);
        op.About(role.Id, role.Name).Changed(ChangeKind.Role, role.Id.ToString(), ChangeAction.Created);
        return await op.CommitAsync(Changes(null, role)) is { } failed ? failed : role.Id;
    }

    public async Task<Result<RoleList>> ListAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadAsync(by, Permissions.ViewUsersPage, async (db, actor) =>
        {
                var all = Permissions.All.Count;
            var rows = await db.Roles.AsNoTracking()
                .OrderByDescending(r => r.IsFirstAdminRole).ThenBy(r => r.NormalizedName)
                .Select(r => new
                {
                    r.Id, r.Name, r.Description, r.IsFirstAdminRole, Permissions = r.IsFirstAdminRole ? all : r.Permissions.Count,
                    Users = db.Users.Count(u => u.RoleId == r.Id), r.ConcurrencyStamp, r.RequiresTwoFactor,
                })
                .ToListAsync(cancellationToken);
            var items = rows.Select(r => new RoleListItem(r.Id, r.Name, r.Description, r.IsFirstAdminRole, r.Permissions, r.Users, r.ConcurrencyStamp,
                RoleRules.MayEdit(actor, r.IsFirstAdminRole), RoleRules.MayDelete(actor, r.Name, r.IsFirstAdminRole, r.Users), r.RequiresTwoFactor)).ToList();
            return new RoleList(items, RoleRules.MayCreate(actor));
        }, cancellationToken);
    }

    public async Task<Result<RoleDetails>> GetAsync(ActingUser by, Guid roleId, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadOrRefuseAsync<RoleDetails>(by, Permissions.ViewUsersPage, async (db, actor) =>
        {
            var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);
            if (role is null)
            {
                return RoleRules.RoleNotFound;
            }

            var users = await db.Users.CountAsync(u => u.RoleId == roleId, cancellationToken);
            return new RoleDetails(role.Id, role.Name, role.Description, role.IsFirstAdminRole, role.PermissionKeys, users, role.ConcurrencyStamp,
                RoleRules.MayEdit(actor, role.IsFirstAdminRole), RoleRules.MayDelete(actor, role.Name, role.IsFirstAdminRole, users), role.RequiresTwoFactor);
        }, cancellationToken);
    }

    /// <summary>Who gains and who loses what if the role's permissions became <paramref name="permissions"/> (implied
    /// page permissions added), as the role dialog shows before Save; the save recomputes it.</summary>
    public async Task<Result<RoleImpact>> GetImpactAsync(ActingUser by, Guid roleId, IEnumerable<string> permissions, CancellationToken cancellationToken = default)
    {
        var wanted = Permissions.WithImplied(permissions ?? []);
        return await contextFactory.ReadOrRefuseAsync<RoleImpact>(by, Permissions.EditUserRoles, async (db, _) =>
        {
            var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);
            return role is null ? RoleRules.RoleNotFound : await RoleImpact.OfAsync(db, role.Id, role.PermissionKeys, wanted, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Changes name, description and permissions (implied page permissions are added). Users holding
    /// the role get the new permissions at their next request; open sessions re-evaluate through the change feed.</summary>
    public async Task<Result> UpdateAsync(ActingUser by, UpdateRoleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var wanted = Permissions.WithImplied(input.Permissions ?? []);
        await using var op = await operations.BeginAsync(by, Spec("role.update", Permissions.EditUserRoles),
            new AuditTarget(input.RoleId.ToString(), null, async db => await NameOfAsync(db, input.RoleId) ?? input.Name), cancellationToken,
            Describe(input.Name, input.Description, wanted, input.RequireTwoFactor));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var role = await op.Db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == input.RoleId, cancellationToken);
        op.About(input.RoleId, role?.Name ?? input.Name);
        if (await op.RefuseIfAsync((role is null ? RoleRules.RoleNotFound : null)
            ?? RoleRules.FirstAdminRoleKeepsEveryPermission(role!)
            ?? RoleRules.EditedVersionIsCurrent(role!, input.ConcurrencyStamp)
            ?? Validation.FirstError(updateValidator, input)
            ?? RoleRules.GrantsOnlyHeldPermissions(op.Actor, role!.PermissionKeys, wanted)
            ?? await CheckNameFreeAsync(op.Db, input.Name, role.Id, cancellationToken)
            ?? RoleRules.ImpactIsAsConfirmed(await RoleImpact.OfAsync(op.Db, role.Id, role.PermissionKeys, wanted, cancellationToken), input.ConfirmedImpact)
            ?? (StepUpRules.AddsAdministration(role.PermissionKeys, wanted) ? await op.FreshProofAsync() : null)) is { } refused)
        {
            return refused;
        }

        var before = Changes(role!, null);
        var name = input.Name.Trim();
        role!.Rename(name, Clean(input.Description));
        role.NormalizedName = normalizer.NormalizeName(name);
        role.SetPermissions(wanted);
        role.RequireTwoFactor(input.RequireTwoFactor);
        role.Touch();
        op.About(role.Id, role.Name).Changed(ChangeKind.Role, role.Id.ToString(), ChangeAction.Updated);
        return await op.CommitAsync(ChangeSet.Between(before, Changes(null, role))) is { } failed ? failed : Result.Success;
    }

    public async Task<Result> DeleteAsync(ActingUser by, Guid roleId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("role.delete", Permissions.DeleteUserRoles),
            new AuditTarget(roleId.ToString(), null, db => NameOfAsync(db, roleId)), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var role = await op.Db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken);
        var users = role is null ? 0 : await op.Db.Users.CountAsync(u => u.RoleId == roleId, cancellationToken);
        op.About(roleId, role?.Name);
        if (await op.RefuseIfAsync((role is null ? RoleRules.RoleNotFound : null)
            ?? RoleRules.FirstAdminRoleIsNeverDeleted(role!.IsFirstAdminRole)
            ?? RoleRules.EditedVersionIsCurrent(role, concurrencyStamp)
            ?? RoleRules.RoleInUseIsKept(role.Name, users)) is { } refused)
        {
            return refused;
        }

        op.Db.Roles.Remove(role!);
        op.Changed(ChangeKind.Role, roleId.ToString(), ChangeAction.Deleted);
        return await op.CommitAsync(Changes(role!, null)) is { } failed ? failed : Result.Success;
    }

    /// <summary>A concurrent create with the same name, or a user given this role while it was being deleted.</summary>
    private static async Task<DomainError?> Conflict(UserConsoleDbContext db, string constraint)
    {
        var role = db.ChangeTracker.Entries<Role>().Select(e => e.Entity).FirstOrDefault();
        return role is null ? null
            : constraint.Contains("NormalizedName", StringComparison.Ordinal) ? RoleRules.NameTaken(role.Name)
            : RoleRules.RoleInUse(role.Name, await db.Users.CountAsync(u => u.RoleId == role.Id));
    }

    private static Task<string?> NameOfAsync(UserConsoleDbContext db, Guid roleId) =>
        db.Roles.Where(r => r.Id == roleId).Select(r => r.Name).SingleOrDefaultAsync();

    private async Task<DomainError?> CheckNameFreeAsync(UserConsoleDbContext db, string name, Guid? except, CancellationToken cancellationToken)
    {
        var normalized = normalizer.NormalizeName(name.Trim());
        return await db.Roles.AnyAsync(r => r.NormalizedName == normalized && (except == null || r.Id != except), cancellationToken)
            ? RoleRules.NameTaken(name.Trim())
            : null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Keys(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

    private static ChangeSet Describe(string name, string? description, IEnumerable<string> keys, bool requireTwoFactor) =>
        new ChangeSet().Add("Name", null, name).Add("Description", null, description).Add("Permissions", null, Keys(keys))
            .Add("RequireTwoFactor", null, YesNo(requireTwoFactor));

    private static string YesNo(bool value) => value ? "Yes" : "No";

    /// <summary>The role's audited fields: as "before" when <paramref name="before"/> is given, else as "after".</summary>
    private static ChangeSet Changes(Role? before, Role? after) => new ChangeSet()
        .Add("Name", before?.Name, after?.Name)
        .Add("Description", before?.Description, after?.Description)
        .Add("Permissions", before is null ? null : Keys(before.PermissionKeys), after is null ? null : Keys(after.PermissionKeys))
        .Add("RequireTwoFactor", before is null ? null : YesNo(before.RequiresTwoFactor), after is null ? null : YesNo(after.RequiresTwoFactor));
}

using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;

namespace UserConsole.Domain.Users;

/// <summary>User administration: create, read, list, update, disable, enable, reset password and delete, each
/// checked against the acting user's permissions and the protection rules of DESIGN.md. Every success and every
/// refusal is audited; a refusal changes nothing else.</summary>
public sealed partial class UserAdministration(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    IValidator<CreateUserInput> createValidator,
    IValidator<UpdateUserInput> updateValidator,
    IPasswordHasher<User> passwordHasher,
    ILookupNormalizer normalizer,
    IChangePublisher changes,
    TimeProvider clock)
{
    private const string TargetType = "User";

    public async Task<Result<CreatedUser>> CreateAsync(ActingUser by, CreateUserInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        const string action = "user.create";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var attempted = Describe(input);
        var refusal = UserErrors.Require(actor, Permissions.CreateAdditionalUsers)
            ?? Validation.FirstError(createValidator, input);
        var scope = ToScope(input);
        var role = refusal is null ? await LoadRoleAsync(db, input.RoleId!.Value, cancellationToken) : null;
        refusal ??= role is null ? UserErrors.RoleNotFound : null;
        refusal ??= CheckAssignable(actor, role!)
            ?? CheckScopeAssignable(actor, scope)
            ?? await CheckScopeExistsAsync(db, scope, cancellationToken)
            ?? await CheckUniqueAsync(db, input.UserName, input.Email, null, cancellationToken);
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, null, input.UserName, refusal, attempted, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var email = input.Email.Trim();
        var user = new User(input.UserName, email, role!.Id, now)
        {
            NormalizedUserName = normalizer.NormalizeName(input.UserName),
            NormalizedEmail = normalizer.NormalizeEmail(email),
        };
        user.SetDetails(UserFieldRules.Clean(input.FullName), UserFieldRules.Clean(input.Company));
        user.SetScope(scope);
        var password = PasswordGenerator.Generate();
        user.SetGeneratedPassword(passwordHasher.HashPassword(user, password));
        db.Users.Add(user);
        var changeSet = Diff(new Dictionary<string, string?>(), await DescribeAsync(db, user, role.Name, cancellationToken));
        db.AuditEntries.Add(AuditTrail.Succeeded(now, actor, action, TargetType, user.Id.ToString(), user.UserName, changeSet));
        var saved = await SaveAsync(db, actor, action, user.Id, user.UserName!, attempted, cancellationToken);
        if (saved is not null)
        {
            return saved;
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(), ChangeAction.Created, by.SessionId));
        return new CreatedUser(user.Id, user.UserName!, password);
    }

    public async Task<Result<UserDetails>> GetAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewUsersPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var actor = access.Value;

        var user = await db.Users.AsNoTracking().AsSplitQuery()
            .Include(u => u.Role).ThenInclude(r => r.Permissions)
            .Include(u => u.ProductionServers).ThenInclude(s => s.ProductionServer)
            .Include(u => u.StorageServers).ThenInclude(s => s.StorageServer)
            .SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return UserErrors.UserNotFound;
        }

        var target = Target.Of(user);
        var now = clock.GetUtcNow();
        return new UserDetails(
            user.Id,
            user.UserName!,
            user.Email!,
            user.FullName,
            user.Company,
            user.RoleId,
            user.Role.Name,
            user.IsFirstAdmin,
            user.IsEnabled,
            user.TwoFactorEnabled,
            user.MustChangePassword,
            user.LockoutEnd is { } end && end > now,
            user.CreatedAt,
            user.LastSignInAt,
            user.IsFirstAdmin ? ScopeMode.All : user.ProductionServerScope,
            user.IsFirstAdmin ? [] : [.. user.ProductionServers.Select(s => new NamedItem(s.ProductionServerId, s.ProductionServer!.Name)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)],
            user.IsFirstAdmin ? ScopeMode.All : user.StorageServerScope,
            user.IsFirstAdmin ? [] : [.. user.StorageServers.Select(s => new NamedItem(s.StorageServerId, s.StorageServer!.Name)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)],
            user.ConcurrencyStamp!,
            CapabilitiesOf(actor, target));
    }

    /// <summary>The roles, production servers and storages the actor may give in the create and edit forms.</summary>
    public async Task<Result<UserFormOptions>> GetFormOptionsAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewUsersPage, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var actor = access.Value;

        var roles = await db.Roles.AsNoTracking()
            .Select(r => new { r.Id, r.Name, r.Description, r.IsFirstAdminRole, Keys = r.Permissions.Select(p => p.Key).ToList() })
            .ToListAsync(cancellationToken);
        var assignable = roles
            .Where(r => actor.HoldsAll(r.IsFirstAdminRole ? Permissions.AllKeys : r.Keys))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RoleOption(r.Id, r.Name, r.Description, r.IsFirstAdminRole))
            .ToList();

        var serverScope = actor.Scope.ProductionServers;
        var storageScope = actor.Scope.StorageServers;
        var servers = await db.ProductionServers.AsNoTracking()
            .Where(s => serverScope.IsAll || serverScope.Ids.Contains(s.Id))
            .OrderBy(s => s.Name).Select(s => new NamedItem(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        var storages = await db.StorageServers.AsNoTracking()
            .Where(s => storageScope.IsAll || storageScope.Ids.Contains(s.Id))
            .OrderBy(s => s.Name).Select(s => new NamedItem(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new UserFormOptions(assignable, servers, storages, serverScope.IsAll, storageScope.IsAll);
    }

    public async Task<Result> UpdateAsync(ActingUser by, UpdateUserInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        const string action = "user.update";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var attempted = Describe(input);
        if (UserErrors.Require(actor, Permissions.EditUsers) is { } denied)
        {
            return await RefuseAsync(db, actor, action, input.UserId, input.UserName, denied, attempted, cancellationToken);
        }

        var user = await LoadTrackedAsync(db, input.UserId, cancellationToken);
        if (user is null)
        {
            return await RefuseAsync(db, actor, action, input.UserId, input.UserName, UserErrors.UserNotFound, attempted, cancellationToken);
        }

        var target = Target.Of(user);
        var newScope = ToScope(input);
        var roleChanges = input.RoleId is { } roleId && roleId != user.RoleId;
        var scopeChanges = !newScope.Equals(target.Scope);
        var refusal = CheckStale(user, input.ConcurrencyStamp)
            ?? UserErrors.CanManage(actor, user.UserName!, target.Permissions, target.Scope)
            ?? Validation.FirstError(updateValidator, input)
            ?? (user.IsFirstAdmin && roleChanges ? UserErrors.FirstAdminRole : null)
            ?? (user.IsFirstAdmin && scopeChanges ? UserErrors.FirstAdminScope : null)
            ?? (user.Id == actor.UserId && roleChanges ? UserErrors.SelfRole : null)
            ?? (user.Id == actor.UserId && scopeChanges ? UserErrors.SelfScope : null);
        var role = refusal is null ? await LoadRoleAsync(db, input.RoleId!.Value, cancellationToken) : null;
        refusal ??= role is null ? UserErrors.RoleNotFound : null;
        refusal ??= (roleChanges ? CheckAssignable(actor, role!) : null)
            ?? (scopeChanges ? CheckScopeAssignable(actor, newScope) ?? await CheckScopeExistsAsync(db, newScope, cancellationToken) : null)
            ?? await CheckUniqueAsync(db, input.UserName, input.Email, user.Id, cancellationToken);
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, user.Id, user.UserName, refusal, attempted, cancellationToken);
        }

        var before = await DescribeAsync(db, user, user.Role.Name, cancellationToken);
        var email = input.Email.Trim();
        user.UserName = input.UserName;
        user.NormalizedUserName = normalizer.NormalizeName(input.UserName);
        user.Email = email;
        user.NormalizedEmail = normalizer.NormalizeEmail(email);
        user.SetDetails(UserFieldRules.Clean(input.FullName), UserFieldRules.Clean(input.Company));
        if (roleChanges)
        {
            user.ChangeRole(role!.Id);
        }

        if (scopeChanges)
        {
            user.SetScope(newScope);
        }

        // A different role or scope ends the user's sessions (rule 8); their open screens re-evaluate at once.
        if (roleChanges || scopeChanges)
        {
            user.RotateSecurityStamp();
        }

        var after = await DescribeAsync(db, user, role!.Name, cancellationToken);
        var changeSet = Diff(before, after);
        user.Touch();
        db.AuditEntries.Add(AuditTrail.Succeeded(clock.GetUtcNow().UtcDateTime, actor, action, TargetType, user.Id.ToString(), user.UserName, changeSet));
        if (await SaveAsync(db, actor, action, user.Id, user.UserName!, attempted, cancellationToken) is { } failed)
        {
            return failed;
        }

        changes.Publish(new DomainChange(ChangeKind.User, user.Id.ToString(),
            roleChanges || scopeChanges ? ChangeAction.AccessChanged : ChangeAction.Updated, by.SessionId));
        return Result.Success;
    }

    public Task<Result> DisableAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, "user.disable", Permissions.EditUsers, CheckDisable, Edit(user =>
        {
            user.Disable();
            user.RotateSecurityStamp();
            return (new ChangeSet().Add("Status", "Enabled", "Disabled"), ChangeAction.Disabled);
        }), cancellationToken);

    public Task<Result> EnableAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, "user.enable", Permissions.EditUsers, CheckEnable, Edit(user =>
        {
            user.Enable();
            return (new ChangeSet().Add("Status", "Disabled", "Enabled"), ChangeAction.Enabled);
        }), cancellationToken);

    /// <summary>Sets a new generated password (shown once), clears a lockout and ends the user's sessions; the
    /// user must choose their own password at the next sign-in.</summary>
    public async Task<Result<OneTimePassword>> ResetPasswordAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        string? password = null;
        var result = await ChangeStateAsync(by, userId, concurrencyStamp, "user.reset_password", Permissions.EditUsers, CheckResetPassword, Edit(user =>
        {
            password = PasswordGenerator.Generate();
            user.SetGeneratedPassword(passwordHasher.HashPassword(user, password));
            user.ClearLockout();
            user.RotateSecurityStamp();
            return (new ChangeSet().Add("Password", null, "reset (one-time password issued)"), ChangeAction.PasswordReset);
        }), cancellationToken);
        return result.Succeeded
            ? new OneTimePassword(await UserNameOfAsync(userId, cancellationToken), password!)
            : result.Error!;
    }

    public Task<Result> DeleteAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, "user.delete", Permissions.DeleteUsers, CheckDelete, async (db, user) =>
        {
            var before = await DescribeAsync(db, user, user.Role.Name, cancellationToken);
            db.Users.Remove(user);
            return (Diff(before, new Dictionary<string, string?>()), ChangeAction.Deleted);
        }, cancellationToken);

    /// <summary>A change that edits the user in place (the concurrency stamp moves on).</summary>
    private static Func<UserConsoleDbContext, User, Task<(ChangeSet Changes, ChangeAction Action)>> Edit(Func<User, (ChangeSet Changes, ChangeAction Action)> change) =>
        (_, user) =>
        {
            var result = change(user);
            user.Touch();
            return Task.FromResult(result);
        };

    /// <summary>The shape of every state change: actor, permission, target, stale check, the rule, the change with
    /// its audit entry in one save, then the published change.</summary>
    private async Task<Result> ChangeStateAsync(
        ActingUser by,
        Guid userId,
        string concurrencyStamp,
        string action,
        string permission,
        Func<Actor, Target, DomainError?> check,
        Func<UserConsoleDbContext, User, Task<(ChangeSet Changes, ChangeAction Action)>> apply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var user = await LoadTrackedAsync(db, userId, cancellationToken);
        var refusal = UserErrors.Require(actor, permission)
            ?? (user is null ? UserErrors.UserNotFound : null)
            ?? CheckStale(user!, concurrencyStamp)
            ?? check(actor, Target.Of(user!));
        if (refusal is not null)
        {
            return await RefuseAsync(db, actor, action, userId, user?.UserName, refusal, null, cancellationToken);
        }

        var target = user!;
        var (changeSet, changeAction) = await apply(db, target);
        db.AuditEntries.Add(AuditTrail.Succeeded(clock.GetUtcNow().UtcDateTime, actor, action, TargetType, target.Id.ToString(), target.UserName, changeSet));
        if (await SaveAsync(db, actor, action, target.Id, target.UserName!, null, cancellationToken) is { } failed)
        {
            return failed;
        }

        changes.Publish(new DomainChange(ChangeKind.User, target.Id.ToString(), changeAction, by.SessionId));
        return Result.Success;
    }

    private async Task<string> UserNameOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.UserName!).SingleAsync(cancellationToken);
    }
}

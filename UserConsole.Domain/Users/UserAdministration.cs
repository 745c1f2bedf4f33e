using FluentValidation;
using Microsoft.AspNetCore.Identity;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>User administration: create, read, list, update, disable, enable, reset password and delete, each
/// checked against the acting user's permissions and the rules of <see cref="UserRules"/>. Every success and every
/// refusal is audited; a refusal changes nothing else.</summary>
public sealed partial class UserAdministration(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IValidator<CreateUserInput> createValidator,
    IValidator<UpdateUserInput> updateValidator,
    IPasswordHasher<User> passwordHasher,
    ILookupNormalizer normalizer,
    ISecurityPolicySource policy,
    SecurityNotifications notifications,
    TimeProvider clock)
{
    internal static OperationSpec Spec(string action, string permission) =>
        new(action, "User", permission, UserRules.StaleUser, (_, constraint) => Task.FromResult<DomainError?>(UserRules.ConcurrentDuplicate(constraint)));

    public async Task<Result<CreatedUser>> CreateAsync(ActingUser by, CreateUserInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, Spec("user.create", Permissions.CreateAdditionalUsers),
            new AuditTarget(null, input.UserName), cancellationToken, Describe(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var (db, actor) = (op.Db, op.Actor);
        var scope = ToScope(input);
        var refusal = Validation.FirstError(createValidator, input);
        var role = refusal is null ? await LoadRoleAsync(db, input.RoleId!.Value, cancellationToken) : null;
        refusal ??= (role is null ? RoleRules.RoleNotFound : null)
            ?? UserRules.AssignedRoleWithinActor(actor, role!)
            ?? UserRules.AssignedScopeWithinActor(actor, scope)
            ?? await CheckScopeExistsAsync(db, scope, cancellationToken)
            ?? await CheckUniqueAsync(db, input.UserName, input.Email, null, cancellationToken)
            ?? (StepUpRules.GrantsAdministration(role!.PermissionKeys) ? await op.FreshProofAsync() : null);
        if (await op.RefuseIfAsync(refusal) is { } refused)
        {
            return refused;
        }

        var email = input.Email.Trim();
        var user = new User(input.UserName, email, role!.Id, op.Now)
        {
            NormalizedUserName = normalizer.NormalizeName(input.UserName),
            NormalizedEmail = normalizer.NormalizeEmail(email),
        };
        user.SetDetails(UserFieldRules.Clean(input.FullName), UserFieldRules.Clean(input.Company));
        user.SetScope(scope);
        var password = PasswordGenerator.Generate();
        user.SetGeneratedPassword(passwordHasher.HashPassword(user, password), op.Now);
        db.Users.Add(user);
        var changeSet = Diff(new Dictionary<string, string?>(), await DescribeAsync(db, user, role.Name, cancellationToken));
        op.About(user.Id, user.UserName).Changed(ChangeKind.User, user.Id.ToString(), ChangeAction.Created);
        return await op.CommitAsync(changeSet) is { } failed ? failed : new CreatedUser(user.Id, user.UserName!, password);
    }

    public async Task<Result> UpdateAsync(ActingUser by, UpdateUserInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var op = await operations.BeginAsync(by, Spec("user.update", Permissions.EditUsers),
            AuditTarget.Of(input.UserId, input.UserName), cancellationToken, Describe(input));
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var (db, actor) = (op.Db, op.Actor);
        var user = await LoadTrackedAsync(db, input.UserId, cancellationToken);
        if (user is null)
        {
            return await op.RefuseAsync(UserRules.UserNotFound);
        }

        op.About(user.Id, user.UserName);
        var target = UserRules.Target.Of(user);
        var newScope = ToScope(input);
        var roleChanges = input.RoleId is { } roleId && roleId != user.RoleId;
        var scopeChanges = !newScope.Equals(target.Scope);
        var renamed = !string.Equals(input.UserName, user.UserName, StringComparison.Ordinal) ? nameof(UserFields.UserName)
            : !string.Equals(input.Email.Trim(), user.Email, StringComparison.Ordinal) ? nameof(UserFields.Email)
            : null;
        var refusal = UserRules.EditedVersionIsCurrent(user, input.ConcurrencyStamp)
            ?? UserRules.NoTakeoverOfStrongerUsers(actor, target)
            ?? Validation.FirstError(updateValidator, input)
            ?? (renamed is not null ? UserRules.MayRename(actor, target, renamed) : null)
            ?? (roleChanges ? UserRules.MayChangeRole(actor, target) : null)
            ?? (scopeChanges ? UserRules.MayChangeScope(actor, target) : null);
        var role = refusal is null ? await LoadRoleAsync(db, input.RoleId!.Value, cancellationToken) : null;
        refusal ??= (role is null ? RoleRules.RoleNotFound : null)
            ?? (roleChanges ? UserRules.AssignedRoleWithinActor(actor, role!) : null)
            ?? (scopeChanges ? UserRules.AssignedScopeWithinActor(actor, newScope) ?? await CheckScopeExistsAsync(db, newScope, cancellationToken) : null)
            ?? await CheckUniqueAsync(db, input.UserName, input.Email, user.Id, cancellationToken);
        if (refusal is null && input.ConfirmedImpact is { } confirmed)
        {
            refusal = UserRules.ImpactIsAsConfirmed(await ImpactOfAsync(db, input, cancellationToken), confirmed);
        }

        // Assigning a role that administers users or roles is sensitive: it needs a fresh proof.
        if (refusal is null && roleChanges && StepUpRules.GrantsAdministration(role!.PermissionKeys))
        {
            refusal = await op.FreshProofAsync();
        }

        if (await op.RefuseIfAsync(refusal) is { } refused)
        {
            return refused;
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

        // A different role or scope ends the user's sessions; their open screens re-evaluate at once.
        if (roleChanges || scopeChanges)
        {
            user.RotateSecurityStamp();
        }

        var changeSet = Diff(before, await DescribeAsync(db, user, role!.Name, cancellationToken));
        user.Touch();
        op.About(user.Id, user.UserName)
            .Changed(ChangeKind.User, user.Id.ToString(), roleChanges || scopeChanges ? ChangeAction.AccessChanged : ChangeAction.Updated);
        return await op.CommitAsync(changeSet) is { } failed ? failed : Result.Success;
    }

    public Task<Result> DisableAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, Spec("user.disable", Permissions.EditUsers), UserRules.MayDisable, Edit(user =>
        {
            user.Disable();
            user.RotateSecurityStamp();
            return (new ChangeSet().Add("Status", "Enabled", "Disabled"), ChangeAction.Disabled);
        }), cancellationToken, SecurityNotice.AccountDisabled, stepUp: true);

    public Task<Result> EnableAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, Spec("user.enable", Permissions.EditUsers), UserRules.MayEnable, Edit(user =>
        {
            user.Enable();
            return (new ChangeSet().Add("Status", "Disabled", "Enabled"), ChangeAction.Enabled);
        }), cancellationToken);

    /// <summary>Sets a new generated password (shown once), clears a lockout and ends the user's sessions; the
    /// user must choose their own password at the next sign-in.</summary>
    public async Task<Result<OneTimePassword>> ResetPasswordAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default)
    {
        string? password = null;
        string? userName = null;
        var result = await ChangeStateAsync(by, userId, concurrencyStamp, Spec("user.reset_password", Permissions.EditUsers), UserRules.MayResetPassword, Edit(user =>
        {
            password = PasswordGenerator.Generate();
            userName = user.UserName;
            user.SetGeneratedPassword(passwordHasher.HashPassword(user, password), clock.GetUtcNow().UtcDateTime);
            user.ClearLockout();
            user.RotateSecurityStamp();
            return (new ChangeSet().Add("Password", null, "reset (one-time password issued)"), ChangeAction.PasswordReset);
        }), cancellationToken, SecurityNotice.PasswordResetByAdministrator, stepUp: true);
        return result.Succeeded ? new OneTimePassword(userName!, password!) : result.Error!;
    }

    public Task<Result> DeleteAsync(ActingUser by, Guid userId, string concurrencyStamp, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(by, userId, concurrencyStamp, Spec("user.delete", Permissions.DeleteUsers), UserRules.MayDelete, async (db, user) =>
        {
            var before = await DescribeAsync(db, user, user.Role.Name, cancellationToken);
            db.Users.Remove(user);
            return (Diff(before, new Dictionary<string, string?>()), ChangeAction.Deleted);
        }, cancellationToken, stepUp: true);

    /// <summary>A change that edits the user in place (the concurrency stamp moves on).</summary>
    private static Func<UserConsoleDbContext, User, Task<(ChangeSet Changes, ChangeAction Action)>> Edit(Func<User, (ChangeSet Changes, ChangeAction Action)> change) =>
        (_, user) =>
        {
            var result = change(user);
            user.Touch();
            return Task.FromResult(result);
        };

    /// <summary>The shape of every state change: the operation begun with its permission, the target, the stale
    /// check, the rule, a fresh "Confirm it's you" proof when <paramref name="stepUp"/>, then the change committed
    /// with its audit entry and published.</summary>
    private async Task<Result> ChangeStateAsync(
        ActingUser by,
        Guid userId,
        string concurrencyStamp,
        OperationSpec spec,
        Func<Actor, UserRules.Target, DomainError?> check,
        Func<UserConsoleDbContext, User, Task<(ChangeSet Changes, ChangeAction Action)>> apply,
        CancellationToken cancellationToken,
        SecurityNotice? notice = null,
        bool stepUp = false)
    {
        await using var op = await operations.BeginAsync(by, spec, new AuditTarget(userId.ToString(), null, db => UserNameOfAsync(db, userId)), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await LoadTrackedAsync(op.Db, userId, cancellationToken);
        op.About(userId, user?.UserName);
        if (await op.RefuseIfAsync((user is null ? UserRules.UserNotFound : null)
            ?? UserRules.EditedVersionIsCurrent(user!, concurrencyStamp)
            ?? check(op.Actor, UserRules.Target.Of(user!))
            ?? (stepUp ? await op.FreshProofAsync() : null)) is { } refused)
        {
            return refused;
        }

        var (changeSet, changeAction) = await apply(op.Db, user!);
        if (notice is { } told)
        {
            await notifications.QueueAsync(op.Db, op.Now, user!, told, op.Actor.UserName, cancellationToken);
        }

        op.Changed(ChangeKind.User, userId.ToString(), changeAction);
        return await op.CommitAsync(changeSet) is { } failed ? failed : Result.Success;
    }

    internal static Task<string?> UserNameOfAsync(UserConsoleDbContext db, Guid userId) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync();
}

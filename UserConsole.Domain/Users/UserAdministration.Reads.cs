namespace UserConsole.Domain.Users;

/// <summary>The Edit page's and the forms' reads: a user with what the actor may do to them, and what the forms offer.</summary>
public sealed partial class UserAdministration
{
    public async Task<Result<UserDetails>> GetAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadOrRefuseAsync<UserDetails>(by, Permissions.ViewUsersPage, async (db, actor) =>
        {
            var user = await db.Users.AsNoTracking().AsSplitQuery()
                .Include(u => u.Role).ThenInclude(r => r.Permissions)
                .Include(u => u.ProductionServers).ThenInclude(s => s.ProductionServer)
                .Include(u => u.StorageServers).ThenInclude(s => s.StorageServer)
                .SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
            {
                return UserRules.UserNotFound;
            }

            // A passkey is a second factor as the authenticator app is: the Edit page shows "2FA on" and offers
            // "Disable 2FA" (which removes passkeys too) for a passkey-only account.
            var hasPasskey = await db.UserPasskeys.AnyAsync(p => p.UserId == userId, cancellationToken);
            var target = UserRules.Target.Of(user, hasPasskey);
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
                target.HasSecondFactor,
                user.MustChangePassword,
                user.LockoutEnd is { } end && end > now,
                user.CreatedAt,
                user.LastSignInAt,
                PendingOneTimePassword.Of(user, policy.Current.OneTimePasswordValidity, now.UtcDateTime),
                user.IsFirstAdmin ? ScopeMode.All : user.ProductionServerScope,
                user.IsFirstAdmin ? [] : [.. user.ProductionServers.Select(s => new NamedItem(s.ProductionServerId, s.ProductionServer!.Name)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)],
                user.IsFirstAdmin ? ScopeMode.All : user.StorageServerScope,
                user.IsFirstAdmin ? [] : [.. user.StorageServers.Select(s => new NamedItem(s.StorageServerId, s.StorageServer!.Name)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)],
                user.ConcurrencyStamp!,
                UserRules.CapabilitiesOf(actor, target) with
                {
                    Preview = Capability.From(UserRules.MayPreview(actor, target, user.IsEnabled, user.MustChangePassword)),
                });
        }, cancellationToken);
    }

    /// <summary>What saving the edit form as it stands would do to the user's access (role and scope), shown before
    /// Save; the save recomputes it when it carries <see cref="UpdateUserInput.ConfirmedImpact"/>.</summary>
    public Task<Result<UserChangeImpact>> GetChangeImpactAsync(ActingUser by, UpdateUserInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return contextFactory.ReadOrRefuseAsync<UserChangeImpact>(by, Permissions.EditUsers, async (db, _) =>
            await ImpactOfAsync(db, input, cancellationToken) is { } impact ? impact : UserRules.UserNotFound, cancellationToken);
    }

    /// <summary>What the Users page offers the actor beside its rows: creating a user (each row carries its own).</summary>
    public Task<Result<Capability>> GetCreateCapabilityAsync(ActingUser by, CancellationToken cancellationToken = default) =>
        contextFactory.ReadAsync(by, Permissions.ViewUsersPage,
            (_, actor) => Task.FromResult(Capability.From(AccessRules.Require(actor, Permissions.CreateAdditionalUsers))), cancellationToken);

    /// <summary>The roles, production servers and storages the actor may give in the create and edit forms.</summary>
    public async Task<Result<UserFormOptions>> GetFormOptionsAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        return await contextFactory.ReadAsync(by, Permissions.ViewUsersPage, async (db, actor) =>
        {
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
        }, cancellationToken);
    }
}

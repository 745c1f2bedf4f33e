using UserConsole.Domain.Roles;

namespace UserConsole.Domain.Users;

/// <summary>The checks that need the database (chosen servers still exist, names are free), the loads the
/// operations share, and how a user is described in the audit trail.</summary>
public sealed partial class UserAdministration
{
    private static async Task<DomainError?> CheckScopeExistsAsync(UserConsoleDbContext db, AccessScope scope, CancellationToken cancellationToken)
    {
        var servers = scope.ProductionServers.Ids.ToList();
        if (servers.Count > 0 && await db.ProductionServers.CountAsync(s => servers.Contains(s.Id), cancellationToken) != servers.Count)
        {
            return UserRules.ScopeServerMissing;
        }

        var storages = scope.StorageServers.Ids.ToList();
        return storages.Count > 0 && await db.StorageServers.CountAsync(s => storages.Contains(s.Id), cancellationToken) != storages.Count
            ? UserRules.ScopeStorageMissing
            : null;
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
        return await others.AnyAsync(u => u.NormalizedUserName == name, cancellationToken) ? UserRules.UserNameTaken(userName)
            : await others.AnyAsync(u => u.NormalizedEmail == nameAsEmail, cancellationToken) ? UserRules.UserNameIsEmail(userName)
            : await others.AnyAsync(u => u.NormalizedEmail == mail, cancellationToken) ? UserRules.EmailTaken(trimmedEmail)
            : await others.AnyAsync(u => u.NormalizedUserName == mailAsName, cancellationToken) ? UserRules.EmailIsUserName(trimmedEmail)
            : null;
    }

    private static AccessScope ToScope(UserFields input) => new(
        input.ProductionServerIds is { Count: > 0 } servers ? ResourceScope.Chosen(servers) : ResourceScope.Everything,
        input.StorageServerIds is { Count: > 0 } storages ? ResourceScope.Chosen(storages) : ResourceScope.Everything);

    /// <summary>What saving <paramref name="input"/> would do to the user's access; null when the user is gone.</summary>
    private static async Task<UserChangeImpact?> ImpactOfAsync(UserConsoleDbContext db, UpdateUserInput input, CancellationToken cancellationToken)
    {
        if (await ActorLoader.LoadAccessAsync(db, input.UserId, cancellationToken) is not { } before)
        {
            return null;
        }

        var role = input.RoleId is { } roleId ? await LoadRoleAsync(db, roleId, cancellationToken) : null;
        var scope = before.IsFirstAdmin ? before.Scope : ToScope(input);
        return await UserChangeImpact.OfAsync(db, before, role?.PermissionKeys ?? before.Permissions, scope, cancellationToken);
    }

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
}

using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Access;

public sealed partial class AccessExplorer
{
    /// <summary>The users who can see a server or storage (one the viewer can see): the page permission of its kind and
    /// the scope, checked for every user with the checks of <see cref="AccessVerdicts"/>. Every user is read in one
    /// query and only the scope rows naming this target, so each user's scope is exact for it.</summary>
    public Task<Result<WhoCanSee>> WhoCanSeeAsync(ActingUser by, AccessTargetKind kind, int targetId, CancellationToken cancellationToken = default) =>
        contexts.ReadOrRefuseAsync<WhoCanSee>(by, Permissions.ViewUsersPage, async (db, viewer) =>
        {
            var storage = kind == AccessTargetKind.StorageServer;
            var name = storage
                ? await db.StorageServers.VisibleTo(viewer.Scope).Where(s => s.Id == targetId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken)
                : await db.ProductionServers.VisibleTo(viewer.Scope).Where(s => s.Id == targetId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                return storage ? BackupRules.StorageNotFound : BackupRules.ServerNotFound;
            }

            var roles = (await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name, r.IsFirstAdminRole, Keys = r.Permissions.Select(p => p.Key).ToList() }).ToListAsync(cancellationToken))
                .ToDictionary(r => r.Id, r => (r.Name, Keys: r.IsFirstAdminRole ? Permissions.AllKeys : (IReadOnlySet<string>)r.Keys.Where(Permissions.IsKnown).ToHashSet(StringComparer.Ordinal)));
            var naming = storage
                ? await db.UserStorageServers.Where(s => s.StorageServerId == targetId).Select(s => s.UserId).ToListAsync(cancellationToken)
                : await db.UserProductionServers.Where(s => s.ProductionServerId == targetId).Select(s => s.UserId).ToListAsync(cancellationToken);
            var chosen = naming.ToHashSet();
            var users = await db.Users.AsNoTracking()
                .Select(u => new { u.Id, u.UserName, u.NormalizedUserName, u.RoleId, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, u.ProductionServerScope, u.StorageServerScope })
                .ToListAsync(cancellationToken);
            var question = new AccessQuestion(storage ? Permissions.ViewStoragesPage : Permissions.ViewServersPage, kind, targetId);
            var here = ResourceScope.Chosen([targetId]);
            var nowhere = ResourceScope.Chosen([]);
            var can = new List<(string Sort, string Name)>();
            var cannot = new List<(string Sort, string Name, string Reason)>();
            foreach (var u in users)
            {
                var mode = storage ? u.StorageServerScope : u.ProductionServerScope;
                var reach = u.IsFirstAdmin || mode == ScopeMode.All ? ResourceScope.Everything : chosen.Contains(u.Id) ? here : nowhere;
                var scope = storage ? new AccessScope(ResourceScope.Everything, reach) : new AccessScope(reach, ResourceScope.Everything);
                var role = roles.GetValueOrDefault(u.RoleId, ("(none)", new HashSet<string>()));
                var access = new UserAccess(u.Id, u.UserName!, null, null, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, null, role.Keys, scope);
                var refusal = AccessVerdicts.ActorRefusal(access, question.Permission)
                    ?? (AccessVerdicts.InScope(access.Scope, question) ? null : storage ? BackupRules.StorageNotFound : BackupRules.ServerNotFound);
                if (refusal is null)
                {
                    can.Add((u.NormalizedUserName ?? u.UserName!, u.UserName!));
                }
                else
                {
                    cannot.Add((u.NormalizedUserName ?? u.UserName!, u.UserName!, AccessVerdicts.Phrase(refusal, role.Name, question.Permission).Reason));
                }
            }

            return new WhoCanSee(name, can.Count, [.. can.OrderBy(c => c.Sort, StringComparer.Ordinal).Take(WhoCanSee.NamesShown).Select(c => c.Name)],
                cannot.Count, [.. cannot.OrderBy(c => c.Sort, StringComparer.Ordinal).Take(WhoCanSee.NamesShown).Select(c => (c.Name, c.Reason))]);
        }, cancellationToken);
}

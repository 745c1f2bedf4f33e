using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Access;

public sealed partial class AccessExplorer
{
    /// <summary>The users who can see a server or storage (one the viewer can see): the page permission of its kind and
    /// the scope, with the checks of <see cref="AccessVerdicts"/>. What decides the answer for a user is their role,
    /// account state (a second factor their role requires but they lack included), scope mode and whether their chosen list names this target; the database counts users per such
    /// combination (one grouped query), each combination is judged once, and only the first names of each answer are
    /// read, in username order.</summary>
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
            var question = new AccessQuestion(storage ? Permissions.ViewStoragesPage : Permissions.ViewServersPage, kind, targetId);

            // Per user: what decides, with the target's row of their chosen list when there is one.
            var users = storage
                ? from u in db.Users.AsNoTracking()
                  join s in db.UserStorageServers.Where(s => s.StorageServerId == targetId) on u.Id equals s.UserId into named
                  from n in named.DefaultIfEmpty()
                  select new { u.UserName, u.NormalizedUserName, u.RoleId, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, Mode = u.StorageServerScope, Named = n != null,
                      MustSetUp = u.Role.RequiresTwoFactor && !u.TwoFactorEnabled && !db.UserPasskeys.Any(p => p.UserId == u.Id) }
                : from u in db.Users.AsNoTracking()
                  join s in db.UserProductionServers.Where(s => s.ProductionServerId == targetId) on u.Id equals s.UserId into named
                  from n in named.DefaultIfEmpty()
                  select new { u.UserName, u.NormalizedUserName, u.RoleId, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, Mode = u.ProductionServerScope, Named = n != null,
                      MustSetUp = u.Role.RequiresTwoFactor && !u.TwoFactorEnabled && !db.UserPasskeys.Any(p => p.UserId == u.Id) };
            var groups = await users
                .GroupBy(u => new { u.RoleId, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, u.Mode, u.Named, u.MustSetUp })
                .Select(g => new { g.Key.RoleId, g.Key.IsEnabled, g.Key.MustChangePassword, g.Key.IsFirstAdmin, g.Key.Mode, g.Key.Named, g.Key.MustSetUp, Count = g.Count() })
                .ToListAsync(cancellationToken);

            var here = ResourceScope.Chosen([targetId]);
            var nowhere = ResourceScope.Chosen([]);
            var verdicts = new Dictionary<(Guid, bool, bool, bool, ScopeMode, bool, bool), string?>();
            string? Judge(Guid roleId, bool isEnabled, bool mustChangePassword, bool isFirstAdmin, ScopeMode mode, bool isNamed, bool mustSetUp)
            {
                var key = (roleId, isEnabled, mustChangePassword, isFirstAdmin, mode, isNamed, mustSetUp);
                if (!verdicts.TryGetValue(key, out var reason))
                {
                    var reach = isFirstAdmin || mode == ScopeMode.All ? ResourceScope.Everything : isNamed ? here : nowhere;
                    var scope = storage ? new AccessScope(ResourceScope.Everything, reach) : new AccessScope(reach, ResourceScope.Everything);
                    var role = roles.GetValueOrDefault(roleId, ("(none)", new HashSet<string>()));
                    var access = new UserAccess(Guid.Empty, "", null, null, isEnabled, mustChangePassword, isFirstAdmin, null, role.Keys, scope, mustSetUp);
                    var refusal = AccessVerdicts.ActorRefusal(access, question.Permission)
                        ?? (AccessVerdicts.InScope(access.Scope, question) ? null : storage ? BackupRules.StorageNotFound : BackupRules.ServerNotFound);
                    reason = refusal is null ? null : AccessVerdicts.Phrase(refusal, role.Name, question.Permission).Reason;
                    verdicts[key] = reason;
                }

                return reason;
            }

            var canCount = groups.Where(g => Judge(g.RoleId, g.IsEnabled, g.MustChangePassword, g.IsFirstAdmin, g.Mode, g.Named, g.MustSetUp) is null).Sum(g => g.Count);
            var cannotCount = groups.Sum(g => g.Count) - canCount;
            var can = new List<string>();
            var cannot = new List<(string Name, string Reason)>();
            var wantCan = Math.Min(WhoCanSee.NamesShown, canCount);
            var wantCannot = Math.Min(WhoCanSee.NamesShown, cannotCount);
            if (wantCan + wantCannot > 0)
            {
                await foreach (var u in users.OrderBy(u => u.NormalizedUserName).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    var reason = Judge(u.RoleId, u.IsEnabled, u.MustChangePassword, u.IsFirstAdmin, u.Mode, u.Named, u.MustSetUp);
                    if (reason is null && can.Count < wantCan)
                    {
                        can.Add(u.UserName!);
                    }
                    else if (reason is not null && cannot.Count < wantCannot)
                    {
                        cannot.Add((u.UserName!, reason));
                    }

                    if (can.Count == wantCan && cannot.Count == wantCannot)
                    {
                        break;
                    }
                }
            }

            return new WhoCanSee(name, canCount, can, cannotCount, cannot);
        }, cancellationToken);
}

using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Access;

/// <summary>Answers "what can this user do and see, and why?" for administrators (view_users_page), from the checks
/// the operations run (<see cref="AccessVerdicts"/>) and the scope filter of the backup pages. Reads only; nothing is
/// audited. Servers and storages the viewer cannot see themself are counted, never named.</summary>
public sealed partial class AccessExplorer(IDbContextFactory<UserConsoleDbContext> contexts)
{
    /// <summary>Every permission of the catalog for the user, and the servers and storages their scope reaches.</summary>
    public Task<Result<EffectiveAccess>> GetEffectiveAccessAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default) =>
        contexts.ReadOrRefuseAsync<EffectiveAccess>(by, Permissions.ViewUsersPage, async (db, viewer) =>
        {
            if (await LoadAsync(db, userId, cancellationToken) is not var (user, roleName))
            {
                return UserRules.UserNotFound;
            }

            var reach = await AccessReach.OfAsync(db, user.Scope, viewer.Scope, cancellationToken);
            return new EffectiveAccess(user.UserId, user.UserName, roleName,
                AccessVerdicts.Phrase(user.AccountRefusal, roleName, ""),
                AccessVerdicts.Catalog(user, roleName), reach.Servers, reach.Storages);
        }, cancellationToken);

    /// <summary>Whether the user may do what <paramref name="question"/> asks, with the code the operation's refusal
    /// would carry.</summary>
    public Task<Result<AccessVerdict>> CheckAsync(ActingUser by, Guid userId, AccessQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        return contexts.ReadOrRefuseAsync<AccessVerdict>(by, Permissions.ViewUsersPage, async (db, _) =>
            await LoadAsync(db, userId, cancellationToken) is var (user, roleName)
                ? AccessVerdicts.Phrase(await AccessVerdicts.FirstRefusalAsync(db, user, question, cancellationToken), roleName, question.Permission)
                : UserRules.UserNotFound, cancellationToken);
    }

    /// <summary>The chain role → page permission → scope → result for one server or storage the viewer can see.</summary>
    public Task<Result<AccessChain>> ExplainAsync(ActingUser by, Guid userId, AccessTargetKind kind, int targetId, CancellationToken cancellationToken = default) =>
        contexts.ReadOrRefuseAsync<AccessChain>(by, Permissions.ViewUsersPage, async (db, viewer) =>
        {
            var page = kind == AccessTargetKind.StorageServer ? Permissions.ViewStoragesPage : Permissions.ViewServersPage;
            var name = kind == AccessTargetKind.StorageServer
                ? await db.StorageServers.VisibleTo(viewer.Scope).Where(s => s.Id == targetId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken)
                : await db.ProductionServers.VisibleTo(viewer.Scope).Where(s => s.Id == targetId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                return kind == AccessTargetKind.StorageServer ? BackupRules.StorageNotFound : BackupRules.ServerNotFound;
            }

            if (await LoadAsync(db, userId, cancellationToken) is not var (user, roleName))
            {
                return UserRules.UserNotFound;
            }

            var question = new AccessQuestion(page, kind, targetId);
            var account = user.AccountRefusal;
            var permission = AccessRules.Require(user.ToActor(), page);
            var scope = await AccessVerdicts.TargetRefusalAsync(db, user.ToActor(), question, cancellationToken);
            var result = AccessVerdicts.Phrase(await AccessVerdicts.FirstRefusalAsync(db, user, question, cancellationToken), roleName, page);
            IReadOnlyList<AccessStep> steps =
            [
                new("Account", account is null, account is null ? "Enabled and signed up" : AccessVerdicts.Phrase(account, roleName, page).Reason),
                new("Role", true, $"\"{roleName}\""),
                new("Page permission", permission is null, permission is null ? $"Holds {page}" : $"Lacks {page}"),
                new("Scope", scope is null, scope is null ? $"{name} is in scope" : $"{name} is not in scope"),
            ];
            return new AccessChain(name, steps, result);
        }, cancellationToken);

    private static async Task<(UserAccess User, string RoleName)?> LoadAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var user = await ActorLoader.LoadAccessAsync(db, userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roleName = await db.Users.Where(u => u.Id == userId).Select(u => u.Role.Name).SingleAsync(cancellationToken);
        return (user, roleName);
    }
}

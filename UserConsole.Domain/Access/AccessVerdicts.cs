using UserConsole.Domain.Backup;

namespace UserConsole.Domain.Access;

/// <summary>The checks an operation runs on whoever acts, in the operation's order, applied to any user: the account
/// may act at all (<see cref="AccessRules.AccountMayAct"/>), the role holds the permission
/// (<see cref="AccessRules.Require"/>), the rule on the actor beyond it (<see cref="BackupRules.ActorMayUse"/>), and the
/// target is within the scope (the scope filter of <see cref="BackupScope"/>) and in a state the action accepts.
/// Nothing here is a rule of its own: each refusal is the one the operation returns, with the same code.</summary>
internal static class AccessVerdicts
{
    /// <summary>The first refusal the operation would return, or null when it would go through.</summary>
    public static async Task<DomainError?> FirstRefusalAsync(UserConsoleDbContext db, UserAccess user, AccessQuestion question, CancellationToken cancellationToken) =>
        ActorRefusal(user, question.Permission) ?? await TargetRefusalAsync(db, user.ToActor(), question, cancellationToken);

    /// <summary>What the operation refuses before it looks at any target.</summary>
    public static DomainError? ActorRefusal(UserAccess user, string permission)
    {
        var actor = user.ToActor();
        return user.AccountRefusal ?? AccessRules.Require(actor, permission) ?? BackupRules.ActorMayUse(actor, permission);
    }

    /// <summary>What the action checks on its target: within the scope (out of scope reads as "not found" to the
    /// actor), and for Run now and Stop whether the schedule runs.</summary>
    public static async Task<DomainError?> TargetRefusalAsync(UserConsoleDbContext db, Actor actor, AccessQuestion question, CancellationToken cancellationToken)
    {
        if (question.TargetId is not { } id)
        {
            return null;
        }

        switch (question.Kind)
        {
            case AccessTargetKind.ProductionServer:
                return await db.ProductionServers.VisibleTo(actor.Scope).AnyAsync(s => s.Id == id, cancellationToken) ? null : BackupRules.ServerNotFound;
            case AccessTargetKind.StorageServer:
                return await db.StorageServers.VisibleTo(actor.Scope).AnyAsync(s => s.Id == id, cancellationToken) ? null : BackupRules.StorageNotFound;
            case AccessTargetKind.Schedule:
                var schedule = await db.Schedules.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
                if (schedule is null)
                {
                    return BackupRules.ScheduleNotFound;
                }

                return question.Permission switch
                {
                    Permissions.RunSchedule => BackupRules.RunsOnceAtATime(schedule.Name, await ScheduleService.IsRunningAsync(db, schedule, cancellationToken)),
                    Permissions.StopSchedule => BackupRules.StopsOnlyWhenRunning(schedule.Name, await ScheduleService.IsRunningAsync(db, schedule, cancellationToken)),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The scope filter's rule for one server or storage, in memory (the filter's <c>IN (ids)</c>): for checking
    /// many users at once against one target.</summary>
    public static bool InScope(AccessScope scope, AccessQuestion question) => question switch
    {
        { Kind: AccessTargetKind.ProductionServer, TargetId: { } id } => scope.ProductionServers.Allows(id),
        { Kind: AccessTargetKind.StorageServer, TargetId: { } id } => scope.StorageServers.Allows(id),
        _ => true,
    };

    /// <summary>The refusal as an administrator reads it about someone else.</summary>
    public static AccessVerdict Phrase(DomainError? refusal, string roleName, string permission) => refusal switch
    {
        null => new AccessVerdict(true, null, $"Granted by role \"{roleName}\""),
        { Code: AccessRules.PermissionDeniedCode } => new AccessVerdict(false, refusal.Code, $"Role \"{roleName}\" lacks {permission}"),
        _ when IsOutOfScope(refusal) => new AccessVerdict(false, refusal.Code, "Not in scope"),
        _ => new AccessVerdict(false, refusal.Code, refusal.Message.TrimEnd('.')),
    };

    private static bool IsOutOfScope(DomainError refusal) =>
        refusal == BackupRules.ServerNotFound || refusal == BackupRules.StorageNotFound || refusal == BackupRules.ScheduleNotFound;

    /// <summary>Every permission of the catalog for the user, without a target.</summary>
    public static IReadOnlyList<PermissionAccess> Catalog(UserAccess user, string roleName) =>
        [.. Permissions.All.Select(p => new PermissionAccess(p, Phrase(ActorRefusal(user, p.Key), roleName, p.Key)))];
}

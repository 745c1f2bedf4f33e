using UserConsole.Domain.Users;

namespace UserConsole.Domain.Sessions;

/// <summary>The sessions a person sees and ends: their own on the profile, a user's on the Edit page for an
/// administrator who may manage that user; every end is an audited operation.</summary>
public sealed partial class SessionService
{
    /// <summary>The acting user's own active sessions, <paramref name="currentSessionId"/> marked "This session".</summary>
    public async Task<Result<SessionList>> ListOwnAsync(ActingUser by, Guid? currentSessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var items = await ActiveAsync(db, actor.UserId, cancellationToken);
        var others = items.Count(s => s.Id != currentSessionId);
        return new SessionList(
            [.. items.Select(s => View(s, s.Id == currentSessionId, Capability.Yes))],
            Capability.From(SessionRules.HasOtherSessions(others)),
            Capability.From(SessionRules.OwnSessionsOnTheProfile))
        { Limits = Limits };
    }

    /// <summary>Another user's active sessions, for an administrator who may manage that user.</summary>
    public async Task<Result<SessionList>> ListOfUserAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        var target = await LoadTargetAsync(db, userId, cancellationToken);
        if ((target is null ? UserRules.UserNotFound : SessionRules.MayManageSessionsOf(actor, target)) is { } refused)
        {
            return refused;
        }

        var items = await ActiveAsync(db, userId, cancellationToken);
        var everywhere = Capability.From(SessionRules.OwnSessionsEndOnTheProfile(actor, userId) ?? SessionRules.HasSessions(items.Count));
        var none = Capability.From(SessionRules.NotYourSession);
        return new SessionList([.. items.Select(s => View(s, false, none))], none, everywhere) { Limits = Limits };
    }

    /// <summary>"Sign out" on one of one's own sessions: it ends at once, its circuits go to the sign-in page.</summary>
    public async Task<Result> EndOwnAsync(ActingUser by, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("session.end"), AuditTarget.Of(sessionId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var session = await op.Db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var live = session is not null && !session.IsEnded && Limits.ExpiryAt(session.CreatedAt, session.LastActivityAt, op.Now) is null;
        if (await op.RefuseIfAsync((live ? null : SessionRules.SessionNotFound) ?? SessionRules.OwnSessionsOnly(op.Actor, session!)) is { } refused)
        {
            return refused;
        }

        op.About(sessionId, Describe(session!));
        return await EndAsync(op, [session!], SessionEndReasons.SignedOut);
    }

    /// <summary>"Sign out all other sessions": every active session of the acting user but this one ends.</summary>
    public async Task<Result> EndOthersAsync(ActingUser by, Guid currentSessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var op = await operations.BeginAsync(by, Spec("session.end_others"), AuditTarget.Of(by.UserId), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        op.About(op.Actor.UserId, op.Actor.UserName);
        var others = (await OpenAsync(op.Db, op.Actor.UserId, op.Now, cancellationToken)).Where(s => s.Id != currentSessionId).ToList();
        if (await op.RefuseIfAsync(SessionRules.HasOtherSessions(others.Count)) is { } refused)
        {
            return refused;
        }

        return await EndAsync(op, others, SessionEndReasons.SignedOutElsewhere);
    }

    /// <summary>"Sign out everywhere" on a user's page: every session of that user ends. Refused (and audited) for a
    /// user the administrator may not manage, and for one's own account.</summary>
    public async Task<Result> EndAllOfUserAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by,
            new OperationSpec("session.end_all", "User", Permissions.EditUsers, UserRules.StaleUser),
            new AuditTarget(userId.ToString(), null, db => UserAdministration.UserNameOfAsync(db, userId)), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var target = await LoadTargetAsync(op.Db, userId, cancellationToken);
        op.About(userId, target?.UserName);
        var sessions = target is null ? [] : await OpenAsync(op.Db, userId, op.Now, cancellationToken);
        if (await op.RefuseIfAsync((target is null ? UserRules.UserNotFound : null)
            ?? SessionRules.OwnSessionsEndOnTheProfile(op.Actor, userId)
            ?? SessionRules.MayManageSessionsOf(op.Actor, target!)
            ?? SessionRules.HasSessions(sessions.Count)
            ?? await op.FreshProofAsync()) is { } refused)
        {
            return refused;
        }

        return await EndAsync(op, sessions, SessionEndReasons.SignedOutByAdministrator);
    }

    private static OperationSpec Spec(string action) => new(action, "Session", null, SessionRules.SessionNotFound);

    private async Task<Result> EndAsync(Operation op, List<UserSession> sessions, string reason)
    {
        foreach (var session in sessions)
        {
            session.End(op.Now, reason);
            op.Changed(ChangeKind.Session, session.Id.ToString(), ChangeAction.Ended);
        }

        var changeSet = new ChangeSet().Add("Sessions", null, $"{sessions.Count} signed out")
            .Add("Reason", null, reason);
        if (await op.CommitAsync(changeSet) is { } failed)
        {
            return failed;
        }

        foreach (var session in sessions)
        {
            activity.Ended(session.Id, reason);
        }

        return Result.Success;
    }

    private SessionItem View(UserSession s, bool current, Capability signOut) =>
        new(s.Id, s.Browser, s.OperatingSystem, s.ClientAddress, SessionFactors.Describe(s.SecondFactor), s.CreatedAt, LastActivity(s), current, signOut);

    private static string Describe(UserSession s) => $"{s.Browser} on {s.OperatingSystem}";

    private static async Task<UserRules.Target?> LoadTargetAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().AsSplitQuery()
            .Include(u => u.Role).ThenInclude(r => r.Permissions)
            .Include(u => u.ProductionServers)
            .Include(u => u.StorageServers)
            .SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : UserRules.Target.Of(user);
    }
}

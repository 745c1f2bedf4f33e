using UserConsole.Domain.Users;

namespace UserConsole.Domain.Sessions;

/// <summary>Server-side sessions: begun at sign-in, checked on every request and by every circuit, ended by signing
/// out, from another session, by an administrator or by the idle and absolute limits. Every end is published, so
/// that the session's open circuits go to the sign-in page at once.</summary>
public sealed class SessionService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IChangePublisher changes,
    SessionActivity activity,
    SessionLimits limits,
    TimeProvider clock)
{
    public SessionLimits Limits => limits;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Begins the session of a sign-in that just succeeded; returns its id (the cookie's only pointer).</summary>
    public async Task<Guid> StartAsync(Guid userId, string? clientAddress, string? userAgent, string secondFactor, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var session = new UserSession(userId, now, clientAddress, ClientDescription.Parse(userAgent), secondFactor);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Sessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
        }

        activity.Remember(session);
        activity.Prune(now - limits.Idle - TimeSpan.FromHours(1));
        changes.Publish(new DomainChange(ChangeKind.Session, session.Id.ToString(), ChangeAction.Created));
        return session.Id;
    }

    /// <summary>The check of every request: null while the session is open (the request counts as activity), else
    /// why it ended. A session past a limit is ended here.</summary>
    public async Task<string?> CheckRequestAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default)
    {
        var known = activity.Find(sessionId);
        if (known?.EndReason is { } ended)
        {
            return ended;
        }

        var now = Now;
        if (known is not null && known.UserId == userId && limits.ExpiryAt(known.CreatedAt, known.LastActivityAt, now) is null)
        {
            await RecordActivityAsync(sessionId, cancellationToken);
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.UserId != userId)
        {
            return SessionEndReasons.Ended;
        }

        var state = activity.Remember(session);
        if (state.EndReason is { } reason)
        {
            return reason;
        }

        if (limits.ExpiryAt(state.CreatedAt, state.LastActivityAt, now) is { } expired)
        {
            await EndAsync(db, [session], now, expired, cancellationToken);
            return expired;
        }

        await RecordActivityAsync(sessionId, cancellationToken);
        return null;
    }

    /// <summary>The state a circuit watches (memory first, the database the first time).</summary>
    public async Task<SessionActivity.Entry?> StateAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (activity.Find(sessionId) is { } known)
        {
            return known;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        return session is null ? null : activity.Remember(session);
    }

    /// <summary>Why the session ended as stored (after a published end), or null while it is open.</summary>
    public async Task<string?> EndReasonAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        return session is null ? SessionEndReasons.Ended : activity.Remember(session).EndReason;
    }

    /// <summary>The person did something (a request, or input in a circuit): the idle time starts again.</summary>
    public async Task RecordActivityAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (activity.Find(sessionId) is null && await StateAsync(sessionId, cancellationToken) is null)
        {
            return;
        }

        var now = Now;
        if (!activity.Touch(sessionId, now))
        {
            return;
        }

        activity.Written(sessionId, now);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null && s.LastActivityAt < now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastActivityAt, now), cancellationToken);
    }

    /// <summary>Ends a session past one of its limits (a circuit saw it); returns the reason it ended with, null
    /// when it is still within both.</summary>
    public async Task<string?> ExpireAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return SessionEndReasons.Ended;
        }

        var state = activity.Remember(session);
        if (state.EndReason is { } reason)
        {
            return reason;
        }

        var expired = limits.ExpiryAt(state.CreatedAt, state.LastActivityAt, Now);
        if (expired is not null)
        {
            await EndAsync(db, [session], Now, expired, cancellationToken);
        }

        return expired;
    }

    /// <summary>Ends a session whose account changed under it (the stamp check refused its cookie, or its circuit
    /// was revoked): nothing else to decide, no actor.</summary>
    public async Task EndBecauseAccountChangedAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null, cancellationToken);
        if (session is not null)
        {
            await EndAsync(db, [session], Now, SessionEndReasons.Ended, cancellationToken);
        }
    }

    /// <summary>Sign-out: ends this browser's session, whoever it belongs to now (a user who must still change their
    /// password, or was disabled a second ago, signs out too). Audited as the user's own sign-out.</summary>
    public async Task SignOutAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null, cancellationToken);
        if (session is null)
        {
            return;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        if (user is not null)
        {
            db.AuditEntries.Add(new AuditEntry(Now, user.Id, user.UserName!, user.FullName, user.Company, "user.sign_out", "Session",
                session.Id.ToString(), user.UserName, null, AuditOutcome.Succeeded, null));
        }

        await EndAsync(db, [session], Now, SessionEndReasons.SignedOut, cancellationToken);
    }

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
            Capability.From(SessionRules.OwnSessionsOnTheProfile));
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
        return new SessionList([.. items.Select(s => View(s, false, none))], none, everywhere);
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
        var live = session is not null && !session.IsEnded && limits.ExpiryAt(session.CreatedAt, session.LastActivityAt, op.Now) is null;
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
            ?? SessionRules.HasSessions(sessions.Count)) is { } refused)
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

    private async Task EndAsync(UserConsoleDbContext db, List<UserSession> sessions, DateTime now, string reason, CancellationToken cancellationToken)
    {
        foreach (var session in sessions)
        {
            session.End(now, reason);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var session in sessions)
        {
            activity.Ended(session.Id, reason);
            changes.Publish(new DomainChange(ChangeKind.Session, session.Id.ToString(), ChangeAction.Ended));
        }
    }

    /// <summary>The user's sessions that are neither ended nor past a limit (tracked, to be ended).</summary>
    private async Task<List<UserSession>> OpenAsync(UserConsoleDbContext db, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        return [.. sessions.Where(s => limits.ExpiryAt(s.CreatedAt, LastActivity(s), now) is null)];
    }

    private async Task<List<UserSession>> ActiveAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var now = Now;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        return [.. sessions
            .Where(s => activity.Find(s.Id)?.EndReason is null && limits.ExpiryAt(s.CreatedAt, LastActivity(s), now) is null)
            .OrderByDescending(LastActivity)];
    }

    private DateTime LastActivity(UserSession session) =>
        activity.Find(session.Id) is { } known && known.LastActivityAt > session.LastActivityAt ? known.LastActivityAt : session.LastActivityAt;

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

namespace UserConsole.Domain.Sessions;

/// <summary>Server-side sessions: begun at sign-in, checked on every request and by every circuit, ended by signing
/// out, from another session, by an administrator or by the idle and absolute limits. Every end is published, so
/// that the session's open circuits go to the sign-in page at once.</summary>
public sealed partial class SessionService(
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    OperationFactory operations,
    IChangePublisher changes,
    SessionActivity activity,
    SessionLimits limits,
    ISecurityPolicySource policy,
    Mail.SecurityNotifications notifications,
    TimeProvider clock)
{
    /// <summary>The limits in force: the Security policy's idle and absolute times (the Settings page may change them
    /// at any time) with the configured warning lead.</summary>
    public SessionLimits Limits => limits with { Idle = policy.Current.SessionIdle, Absolute = policy.Current.SessionAbsolute };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Begins the session of a sign-in that just succeeded; returns its id (the cookie's only pointer).</summary>
    public async Task<Guid> StartAsync(Guid userId, string? clientAddress, string? userAgent, string secondFactor, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var session = new UserSession(userId, now, clientAddress, ClientDescription.Parse(userAgent), secondFactor);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await TellOfNewBrowserAsync(db, session, cancellationToken);
            db.Sessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
        }

        activity.Remember(session);
        activity.Prune(now - Limits.Idle - TimeSpan.FromHours(1));
        changes.Publish(new DomainChange(ChangeKind.Session, session.Id.ToString(), ChangeAction.Created));
        return session.Id;
    }

    /// <summary>A sign-in from a browser and system this account has not signed in from before is mailed to the
    /// person (in the same save as the session). The very first sign-in of an account is not: there is nothing to
    /// compare with.</summary>
    private async Task TellOfNewBrowserAsync(UserConsoleDbContext db, UserSession session, CancellationToken cancellationToken)
    {
        var seen = await db.Sessions.Where(s => s.UserId == session.UserId)
            .Select(s => new { s.Browser, s.OperatingSystem }).Distinct().ToListAsync(cancellationToken);
        if (seen.Count == 0 || seen.Any(s => s.Browser == session.Browser && s.OperatingSystem == session.OperatingSystem))
        {
            return;
        }

        if (await db.Users.SingleOrDefaultAsync(u => u.Id == session.UserId, cancellationToken) is { } user)
        {
            var where = session.ClientAddress is null ? "" : $", from {session.ClientAddress}";
            await notifications.QueueAsync(db, session.CreatedAt, user, Mail.SecurityNotice.NewBrowserSignIn, by: null, cancellationToken,
                $"{session.Browser} on {session.OperatingSystem}{where}");
        }
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
        if (known is not null && known.UserId == userId && Limits.ExpiryAt(known.CreatedAt, known.LastActivityAt, now) is null)
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

        if (Limits.ExpiryAt(state.CreatedAt, state.LastActivityAt, now) is { } expired)
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

        var expired = Limits.ExpiryAt(state.CreatedAt, state.LastActivityAt, Now);
        if (expired is not null)
        {
            await EndAsync(db, [session], Now, expired, cancellationToken);
        }

        return expired;
    }

    /// <summary>Ends a session whose account changed under it (the stamp check refused its cookie, or its circuit
    /// was revoked): nothing else to decide, no actor.</summary>
    /// <param name="reason">What happened to the account, as the sign-in page words it ("disabled", "password-reset",
    /// …): every circuit of the session, whichever hears of the end first, then says the same.</param>
    public async Task EndBecauseAccountChangedAsync(Guid sessionId, string reason = SessionEndReasons.Ended, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null, cancellationToken);
        if (session is not null)
        {
            await EndAsync(db, [session], Now, reason, cancellationToken);
        }
    }

    /// <summary>Ends every open session of a user whose account an administrator changed (disabled, password reset,
    /// 2FA turned off): their cookies are refused by the stamp already, and now the sessions no longer look active in
    /// any list, whether or not a page of theirs is open.</summary>
    public async Task EndAllBecauseAccountChangedAsync(Guid userId, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        if (open.Count > 0)
        {
            await EndAsync(db, open, Now, reason, cancellationToken);
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
        return [.. sessions.Where(s => Limits.ExpiryAt(s.CreatedAt, LastActivity(s), now) is null)];
    }

    private async Task<List<UserSession>> ActiveAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var now = Now;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        return [.. sessions
            .Where(s => activity.Find(s.Id)?.EndReason is null && Limits.ExpiryAt(s.CreatedAt, LastActivity(s), now) is null)
            .OrderByDescending(LastActivity)];
    }

    private DateTime LastActivity(UserSession session) =>
        activity.Find(session.Id) is { } known && known.LastActivityAt > session.LastActivityAt ? known.LastActivityAt : session.LastActivityAt;
}

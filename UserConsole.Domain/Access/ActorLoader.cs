namespace UserConsole.Domain.Access;

/// <summary>What a user may do right now, as stored: permissions of their role, their scope and the state of the
/// account. Sessions use it to decide what to show; operations use <see cref="Actor"/>, built from it.</summary>
public sealed record UserAccess(
    Guid UserId,
    string UserName,
    string? FullName,
    string? Company,
    bool IsEnabled,
    bool MustChangePassword,
    bool IsFirstAdmin,
    string? SecurityStamp,
    IReadOnlySet<string> Permissions,
    AccessScope Scope,
    bool MustSetUpSecondFactor = false)
{
    /// <summary>True when this access may act: enabled, done with the forced password change, and holding a second
    /// factor where the role requires one.</summary>
    public bool CanAct => AccountRefusal is null;

    /// <summary>Why this account cannot act, or null.</summary>
    public DomainError? AccountRefusal => AccessRules.AccountMayAct(IsEnabled, MustChangePassword, MustSetUpSecondFactor);

    /// <summary>True when this access may set up a second factor (and do nothing else): enabled, done with the forced
    /// password change, and either free to act or held back only by the missing second factor.</summary>
    public bool CanSetUpSecondFactor => IsEnabled && !MustChangePassword;

    public Actor ToActor() => new(UserId, UserName, FullName, Company, IsFirstAdmin, Permissions, Scope);
}

/// <summary>Builds the <see cref="Actor"/> from the database at the start of an operation. A user who no longer
/// exists, is disabled or still has to replace a generated password is no actor at all.</summary>
public static class ActorLoader
{
    public static DomainError SessionEnded { get; } =
        new(AccessRules.SessionEndedCode, "Your session has ended. Sign in again.");

    /// <summary>The actor, if they may act and hold <paramref name="permission"/>; else the refusal (session ended,
    /// or the permission named). The preamble of every read.</summary>
    public static async Task<Result<Actor>> RequireAsync(UserConsoleDbContext db, ActingUser by, string permission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var actor = await LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return SessionEnded;
        }

        return AccessRules.Require(actor, permission) is { } denied ? denied : actor;
    }

    public static async Task<Actor?> LoadAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken = default)
    {
        var access = await LoadAccessAsync(db, userId, cancellationToken);
        return access is { CanAct: true } ? access.ToActor() : null;
    }

    /// <summary>The actor of a second-factor setup: as <see cref="LoadAsync"/>, but one whose role requires a second
    /// factor they do not have yet is an actor too (setting it up is the one thing they may do).</summary>
    public static async Task<Actor?> LoadForSecondFactorSetupAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken = default)
    {
        var access = await LoadAccessAsync(db, userId, cancellationToken);
        return access is { CanSetUpSecondFactor: true } ? access.ToActor() : null;
    }

    public static async Task<UserAccess?> LoadAccessAsync(UserConsoleDbContext db, Guid userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Users
            .AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.FullName,
                u.Company,
                u.IsEnabled,
                u.MustChangePassword,
                u.IsFirstAdmin,
                u.SecurityStamp,
                u.Role.IsFirstAdminRole,
                u.Role.RequiresTwoFactor,
                Keys = u.Role.Permissions.Select(p => p.Key).ToList(),
                u.ProductionServerScope,
                u.StorageServerScope,
                ServerIds = u.ProductionServers.Select(s => s.ProductionServerId).ToList(),
                StorageIds = u.StorageServers.Select(s => s.StorageServerId).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        // The first admin role always holds the whole catalog (it can never lose one), whatever is stored.
        var permissions = row.IsFirstAdminRole
            ? Permissions.AllKeys
            : row.Keys.Where(Permissions.IsKnown).ToHashSet(StringComparer.Ordinal);

        // The first admin's scope is always everything (nobody can narrow it), whatever is stored.
        var scope = row.IsFirstAdmin
            ? AccessScope.Everything
            : new AccessScope(
                row.ProductionServerScope == ScopeMode.All ? ResourceScope.Everything : ResourceScope.Chosen(row.ServerIds),
                row.StorageServerScope == ScopeMode.All ? ResourceScope.Everything : ResourceScope.Chosen(row.StorageIds));

        // A role that requires a second factor holds back a holder who has none (one more query, only for them).
        var mustSetUp = row.RequiresTwoFactor
            && !await db.Users.Where(u => u.Id == userId).AnyAsync(Profile.SecondFactors.Held(db), cancellationToken);

        return new UserAccess(row.Id, row.UserName!, row.FullName, row.Company, row.IsEnabled, row.MustChangePassword,
            row.IsFirstAdmin, row.SecurityStamp, permissions, scope, mustSetUp);
    }
}

/// <summary>The user on whose behalf an operation runs, as the caller knows them: an id (from the signed-in
/// session) and, when the call comes from an open session, that circuit's id (<paramref name="SessionId"/>, so that
/// it tells its own changes from others') and the server-side sign-in session it belongs to
/// (<paramref name="SignInSessionId"/>, which holds a "Confirm it's you" proof). Everything else about the actor
/// is loaded from the database by the operation itself.
/// In a preview (<see cref="PreviewBy"/> set) <see cref="UserId"/> is the previewed user, whose role and scope every
/// read uses, and <see cref="PreviewBy"/> the administrator looking; every command is then refused as read-only
/// (<see cref="Operations.OperationFactory"/>).</summary>
public sealed record ActingUser(Guid UserId, string? SessionId = null, Guid? SignInSessionId = null, Guid? PreviewBy = null)
{
    public bool IsPreview => PreviewBy is not null;
}

using System.Globalization;

namespace UserConsole.Domain.Operations;

/// <summary>How a command names itself in the audit trail, what it needs, and how a lost race reads.</summary>
/// <param name="Action">The audit action, such as "user.update".</param>
/// <param name="TargetType">The audit target type, such as "User".</param>
/// <param name="Permission">The permission the actor must hold; null for one's own account.</param>
/// <param name="Stale">The refusal when a concurrency token changed (or the row vanished) between read and save.</param>
/// <param name="Conflict">Turns a constraint the database refused (a unique index, a foreign key) into the domain's
/// refusal; null means such a failure is not expected and is thrown.</param>
/// <param name="SetsUpSecondFactor">True for the one operation a holder of a role requiring two-factor authentication
/// may run before they have a second factor: setting one up.</param>
internal sealed record OperationSpec(
    string Action,
    string TargetType,
    string? Permission,
    DomainError Stale,
    Func<UserConsoleDbContext, string, Task<DomainError?>>? Conflict = null,
    bool SetsUpSecondFactor = false);

/// <summary>The thing an operation acts on, as its audit entry names it. The name may be looked up only when a
/// refusal needs it (the operation has not loaded the target yet when the permission is missing).</summary>
internal sealed record AuditTarget(string? Id, string? Name = null, Func<UserConsoleDbContext, Task<string?>>? LookUpName = null)
{
    public static AuditTarget None { get; } = new((string?)null);

    public static AuditTarget Of(Guid? id, string? name = null) => new(id?.ToString(), name);

    public static AuditTarget Of(long? id, string? name = null) => new(id?.ToString(CultureInfo.InvariantCulture), name);
}

/// <summary>Begins operations: one DbContext each, the acting user loaded from the database, the clock and the
/// change publisher. Every command of the domain starts here.</summary>
public sealed class OperationFactory(IDbContextFactory<UserConsoleDbContext> contextFactory, IChangePublisher changes, TimeProvider clock, ISecurityPolicySource policy)
{
    /// <summary>Opens the operation and checks who acts: a session that has ended (user gone, disabled or still on a
    /// generated password) ends it unaudited; a missing permission is refused and audited against
    /// <paramref name="target"/>. Check <see cref="Operation.Refusal"/> before anything else.</summary>
    internal async Task<Operation> BeginAsync(ActingUser by, OperationSpec spec, AuditTarget target, CancellationToken cancellationToken, ChangeSet? attempted = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            if (by.PreviewBy is { } previewer)
            {
                // A preview shows what the previewed user would see; it does nothing. The refusal is the
                // administrator's, audited as theirs.
                return await RefusePreviewAsync(db, by with { UserId = previewer, PreviewBy = null }, spec, target, cancellationToken);
            }

            var actor = spec.SetsUpSecondFactor
                ? await ActorLoader.LoadForSecondFactorSetupAsync(db, by.UserId, cancellationToken)
                : await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
            var operation = new Operation(db, by, actor, spec, clock.GetUtcNow().UtcDateTime, changes, cancellationToken)
            {
                Policy = policy.Current,
                Target = target,
                Attempted = attempted,
            };
            if (actor is null)
            {
                operation.Refusal = ActorLoader.SessionEnded;
            }
            else if (spec.Permission is { } permission && Access.AccessRules.Require(actor, permission) is { } denied)
            {
                operation.Refusal = await operation.RefuseAsync(denied);
            }

            return operation;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private async Task<Operation> RefusePreviewAsync(UserConsoleDbContext db, ActingUser previewer, OperationSpec spec, AuditTarget target, CancellationToken cancellationToken)
    {
        var actor = await ActorLoader.LoadAsync(db, previewer.UserId, cancellationToken);
        var operation = new Operation(db, previewer, actor, spec, clock.GetUtcNow().UtcDateTime, changes, cancellationToken)
        {
            Policy = policy.Current,
            Target = target,
        };
        operation.Refusal = actor is null ? ActorLoader.SessionEnded : await operation.RefuseAsync(PreviewReadOnly);
        return operation;
    }

    /// <summary>Every command while previewing another user's view ("Preview as …").</summary>
    public static DomainError PreviewReadOnly { get; } = new("preview.read_only", "Preview is read-only. Exit preview to make changes.");
}

/// <summary>One command in progress: its DbContext, the actor, the time it began, what it acts on, and the two ways
/// it ends. <see cref="RefuseAsync(DomainError)"/> writes the refusal's audit entry and nothing else; <see cref="CommitAsync"/>
/// writes the change with its success audit entry in one transaction, turns a lost race into the domain's refusal
/// (audited the same way), and then publishes the changes to open sessions.</summary>
internal sealed class Operation : IAsyncDisposable
{
    private readonly ActingUser _by;
    private readonly Actor? _actor;
    private readonly OperationSpec _spec;
    private readonly IChangePublisher _changes;
    private readonly List<(ChangeKind Kind, Func<string> Id, ChangeAction Action)> _pending = [];

    internal Operation(UserConsoleDbContext db, ActingUser by, Actor? actor, OperationSpec spec, DateTime now, IChangePublisher changes, CancellationToken cancellationToken)
    {
        Db = db;
        _by = by;
        _actor = actor;
        _spec = spec;
        Now = now;
        _changes = changes;
        CancellationToken = cancellationToken;
    }

    public UserConsoleDbContext Db { get; }

    /// <summary>The acting user; there is none when <see cref="Refusal"/> is the ended session.</summary>
    public Actor Actor => _actor ?? throw new InvalidOperationException("The session has ended: there is no actor.");

    public DateTime Now { get; }

    /// <summary>The security policy in force when the operation began.</summary>
    public SecurityPolicy Policy { get; init; } = SecurityPolicy.Default;

    public CancellationToken CancellationToken { get; }

    /// <summary>Set when the operation cannot go on at all: the session ended, or the permission is missing (already
    /// audited).</summary>
    public DomainError? Refusal { get; internal set; }

    /// <summary>What the audit entry names; set it once the target is loaded.</summary>
    public AuditTarget Target { get; set; } = AuditTarget.None;

    /// <summary>What was asked for, recorded with a refusal.</summary>
    public ChangeSet? Attempted { get; set; }

    /// <summary>Names the target once it is loaded.</summary>
    public Operation About(string? id, string? name)
    {
        Target = new AuditTarget(id, name);
        return this;
    }

    public Operation About(Guid id, string? name) => About(id.ToString(), name);

    public Operation About(long id, string? name) => About(id.ToString(CultureInfo.InvariantCulture), name);

    /// <summary>A change that open sessions hear of once the commit succeeded.</summary>
    public Operation Changed(ChangeKind kind, string entityId, ChangeAction action) => Changed(kind, () => entityId, action);

    /// <summary>A change whose id the database gives at the commit.</summary>
    public Operation Changed(ChangeKind kind, Func<string> entityId, ChangeAction action)
    {
        _pending.Add((kind, entityId, action));
        return this;
    }

    public Operation Changed(ChangeKind kind, long entityId, ChangeAction action) =>
        Changed(kind, entityId.ToString(CultureInfo.InvariantCulture), action);

    /// <summary>Records the refusal in the audit trail and nothing else (whatever the context tracks is dropped), and
    /// returns it: a refused operation leaves the database unchanged but for its audit entry.
    /// A database that takes no write at all (busy past the timeout, read-only) cannot hold that entry either: the
    /// refusal then comes back unaudited, and the person reads why.</summary>
    public Task<DomainError> RefuseAsync(DomainError error) => RefuseAsync(error, countsTowardLockout: false);

    /// <summary>As <see cref="RefuseAsync(DomainError)"/>; with <paramref name="countsTowardLockout"/> (a wrong
    /// password or code typed by the actor) the actor's failed attempts grow in the same save, and reaching the
    /// policy's maximum locks the account, as wrong passwords at sign-in do.</summary>
    public async Task<DomainError> RefuseAsync(DomainError error, bool countsTowardLockout)
    {
        ArgumentNullException.ThrowIfNull(error);
        Db.ChangeTracker.Clear();
        try
        {
            if (countsTowardLockout)
            {
                var actor = await Db.Users.SingleAsync(u => u.Id == Actor.UserId, CancellationToken);
                actor.RecordFailedAccess(Policy.LockoutMaxFailedAttempts, Policy.LockoutDuration, Now);
            }

            var name = Target.Name ?? (Target.LookUpName is { } lookUp ? await lookUp(Db) : null);
            Db.AuditEntries.Add(AuditTrail.Refused(Now, Actor, _spec.Action, _spec.TargetType, Target.Id, name, error, Attempted));
            await Db.SaveChangesAsync(CancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.WriteRefusal(ex) is not null)
        {
            Db.ChangeTracker.Clear();
        }

        return error;
    }

    /// <summary>Null when the actor proved it is them in this session within the policy's window ("Confirm it's you");
    /// else the <see cref="StepUpRules.ReauthRequired"/> refusal, which the caller refuses with like any rule.</summary>
    public async Task<DomainError?> FreshProofAsync()
    {
        var session = _by.SignInSessionId is { } id
            ? await Db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, CancellationToken)
            : null;
        return StepUpRules.ProofIsFresh(session, Actor.UserId, Now, Policy.Reauthenticate);
    }

    /// <summary>Refuses when <paramref name="error"/> is set; null otherwise (so checks chain with ??).</summary>
    public async Task<DomainError?> RefuseIfAsync(DomainError? error) => error is null ? null : await RefuseAsync(error);

    /// <summary>Saves what the context tracks together with the success audit entry (<paramref name="changes"/>),
    /// then publishes the pending changes. Null on success; else the refusal, audited.</summary>
    /// <param name="lostRace">The refusal for a changed or vanished row, when it reads better than the spec's stale
    /// message (a delete that found nothing to delete).</param>
    public Task<DomainError?> CommitAsync(ChangeSet? changes = null, DomainError? lostRace = null) =>
        SaveAsync(() => Db.AuditEntries.Add(Succeeded(changes)), keyFirst: false, lostRace);

    /// <summary>As <see cref="CommitAsync"/> for a new row whose key the database gives: the row is inserted first
    /// and the audit entry (which names the new key, read by <paramref name="describe"/>) follows in the same
    /// transaction; open sessions hear of it as created.</summary>
    public Task<DomainError?> CommitNewAsync(object entity, ChangeKind kind, Func<(long Id, string Name, ChangeSet Changes)> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        Db.Add(entity);
        return SaveAsync(() =>
        {
            var (id, name, changes) = describe();
            About(id, name).Changed(kind, id, ChangeAction.Created);
            Db.AuditEntries.Add(Succeeded(changes));
        }, keyFirst: true, lostRace: null);
    }

    private AuditEntry Succeeded(ChangeSet? changes) =>
        AuditTrail.Succeeded(Now, Actor, _spec.Action, _spec.TargetType, Target.Id, Target.Name, changes);

    private async Task<DomainError?> SaveAsync(Action addAudit, bool keyFirst, DomainError? lostRace)
    {
        DomainError? refusal;
        try
        {
            if (keyFirst)
            {
                await using var transaction = await Db.Database.BeginTransactionAsync(CancellationToken);
                await Db.SaveChangesAsync(CancellationToken);
                addAudit();
                await Db.SaveChangesAsync(CancellationToken);
                await transaction.CommitAsync(CancellationToken);
            }
            else
            {
                addAudit();
                await Db.SaveChangesAsync(CancellationToken);
            }

            foreach (var (kind, id, action) in _pending)
            {
                _changes.Publish(new DomainChange(kind, id(), action, _by.SessionId));
            }

            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            refusal = lostRace ?? _spec.Stale;
        }
        catch (DbUpdateException ex) when (_spec.Conflict is { } conflict && DatabaseErrors.ConstraintMessage(ex) is { } constraint)
        {
            refusal = await conflict(Db, constraint) ?? throw new InvalidOperationException("A database constraint refused the change.", ex);
        }
        catch (Exception ex) when (DatabaseErrors.WriteRefusal(ex) is { } unwritable)
        {
            // The transaction never began or was rolled back: nothing of the change is in the database.
            Db.ChangeTracker.Clear();
            Db.UncommittedAuditEntries.Clear();
            return unwritable;
        }

        return await RefuseAsync(refusal);
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

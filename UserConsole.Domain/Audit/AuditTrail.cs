using System.Text.Json;
using UserConsole.Domain.Access;

namespace UserConsole.Domain.Audit;

/// <summary>Builds audit entries. Changed fields are recorded as before/after pairs; callers never pass
/// passwords, hashes or secrets (a password change is recorded as the fact, not the value).</summary>
public static class AuditTrail
{
    public static AuditEntry Succeeded(
        DateTime at, Actor actor, string action, string targetType, string? targetId, string? targetName, ChangeSet? changes = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new AuditEntry(at, actor.UserId, actor.UserName, actor.FullName, actor.Company, action, targetType, targetId,
            targetName, changes?.ToJson(), AuditOutcome.Succeeded, null);
    }

    public static AuditEntry Refused(
        DateTime at, Actor actor, string action, string targetType, string? targetId, string? targetName, DomainError error, ChangeSet? attempted = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(error);
        return new AuditEntry(at, actor.UserId, actor.UserName, actor.FullName, actor.Company, action, targetType, targetId,
            targetName, attempted?.ToJson(), AuditOutcome.Refused, error.Code);
    }

    /// <summary>Writes the audit entry of a refusal and nothing else (whatever else the context tracks is dropped),
    /// and returns the refusal: rule 9, a refused operation leaves the database unchanged but for its audit entry.</summary>
    public static async Task<DomainError> RefuseAsync(
        Persistence.UserConsoleDbContext db,
        DateTime at,
        Actor actor,
        string action,
        string targetType,
        string? targetId,
        string? targetName,
        DomainError error,
        ChangeSet? attempted,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.ChangeTracker.Clear();
        db.AuditEntries.Add(Refused(at, actor, action, targetType, targetId, targetName, error, attempted));
        await db.SaveChangesAsync(cancellationToken);
        return error;
    }

    /// <summary>An event with no signed-in actor (console recovery, sign-in of an unknown name).</summary>
    public static AuditEntry System(
        DateTime at, string actorName, string action, string targetType, string? targetId, string? targetName, AuditOutcome outcome, string? errorCode = null) =>
        new(at, null, actorName, null, null, action, targetType, targetId, targetName, null, outcome, errorCode);
}

/// <summary>Changed fields with their values before and after.</summary>
public sealed class ChangeSet
{
    private readonly SortedDictionary<string, FieldChange> _fields = new(StringComparer.Ordinal);

    public bool IsEmpty => _fields.Count == 0;

    public IReadOnlyDictionary<string, FieldChange> Fields => _fields;

    /// <summary>Records the field when the value changed (or unconditionally for a creation, where before is null).</summary>
    public ChangeSet Add(string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            _fields[field] = new FieldChange(before, after);
        }

        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(_fields);

    public static IReadOnlyDictionary<string, FieldChange> Parse(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, FieldChange>()
            : JsonSerializer.Deserialize<Dictionary<string, FieldChange>>(json) ?? [];
}

public sealed record FieldChange(string? Before, string? After);

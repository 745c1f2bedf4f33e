using System.Text.Json;

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

    /// <summary>The longest value an audit entry keeps of a field: the longest input any form accepts for it (a refused
    /// edit records what was asked for, and what was asked for may be far longer than anything valid).</summary>
    private static readonly Dictionary<string, int> FieldLimits = new(StringComparer.Ordinal)
    {
        ["UserName"] = Users.UserFieldRules.UserNameMax,
        ["Email"] = Users.UserFieldRules.EmailMax,
        ["Description"] = 500,
        ["Host"] = 253,
        ["Permissions"] = 4_000,
        ["ProductionServers"] = 4_000,
        ["StorageServers"] = 4_000,
    };

    /// <summary>The limit of fields not listed above: names, companies, cron expressions and the like.</summary>
    private const int DefaultFieldLimit = 100;

    /// <summary>Records the field when the value changed (or unconditionally for a creation, where before is null).
    /// Values are cut to the field's limit.</summary>
    public ChangeSet Add(string field, string? before, string? after)
    {
        ArgumentNullException.ThrowIfNull(field);
        var limit = FieldLimits.GetValueOrDefault(field, DefaultFieldLimit);
        (before, after) = (Cut(before, limit), Cut(after, limit));
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            _fields[field] = new FieldChange(before, after);
        }

        return this;
    }

    /// <summary>The "before" values of <paramref name="before"/> paired with the "after" values of
    /// <paramref name="after"/>, field by field (each side described on its own, as a deletion and a creation).</summary>
    public static ChangeSet Between(ChangeSet before, ChangeSet after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var set = new ChangeSet();
        foreach (var field in before._fields.Keys.Union(after._fields.Keys))
        {
            set.Add(field, before._fields.GetValueOrDefault(field)?.Before, after._fields.GetValueOrDefault(field)?.After);
        }

        return set;
    }

    private static string? Cut(string? value, int limit) => value is { Length: var length } && length > limit ? value[..limit] : value;

    public string ToJson() => JsonSerializer.Serialize(_fields);

    public static IReadOnlyDictionary<string, FieldChange> Parse(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, FieldChange>()
            : JsonSerializer.Deserialize<Dictionary<string, FieldChange>>(json) ?? [];
}

public sealed record FieldChange(string? Before, string? After);

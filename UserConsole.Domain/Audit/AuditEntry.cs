namespace UserConsole.Domain.Audit;

public enum AuditOutcome
{
    Succeeded = 0,
    Refused = 1,
}

/// <summary>One administrative or security event, written in the same SaveChanges as the change it records.
/// Never holds a password, a password hash or a secret. Append-only: the database refuses to change or delete a
/// saved entry (but for retention), and each entry's <see cref="Hash"/> chains it to the one before (its
/// <see cref="Id"/> is its place in the chain).</summary>
public class AuditEntry
{
    // EF Core
    private AuditEntry()
    {
    }

    public AuditEntry(
        DateTime at,
        Guid? actorId,
        string actorUserName,
        string? actorFullName,
        string? actorCompany,
        string action,
        string targetType,
        string? targetId,
        string? targetName,
        string? changes,
        AuditOutcome outcome,
        string? errorCode)
    {
        At = at;
        ActorId = actorId;
        ActorUserName = actorUserName;
        ActorFullName = actorFullName;
        ActorCompany = actorCompany;
        Action = action;
        TargetType = targetType;
        TargetId = targetId;
        TargetName = targetName;
        Changes = changes;
        Outcome = outcome;
        ErrorCode = errorCode;
    }

    public long Id { get; private set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; private set; }

    public Guid? ActorId { get; private set; }

    public string ActorUserName { get; private set; } = "";

    public string? ActorFullName { get; private set; }

    public string? ActorCompany { get; private set; }

    /// <summary>A stable verb such as "user.create" or "role.delete".</summary>
    public string Action { get; private set; } = "";

    public string TargetType { get; private set; } = "";

    public string? TargetId { get; private set; }

    public string? TargetName { get; private set; }

    /// <summary>JSON object of changed fields: { "Email": { "before": "...", "after": "..." } }.</summary>
    public string? Changes { get; private set; }

    public AuditOutcome Outcome { get; private set; }

    public string? ErrorCode { get; private set; }

    /// <summary>The <see cref="Hash"/> of the entry before this one (the chain's start: 64 zeros); set when the entry
    /// is saved (<see cref="AuditChain"/>).</summary>
    public string? PreviousHash { get; private set; }

    /// <summary>SHA-256 (lowercase hex) over this entry's content and <see cref="PreviousHash"/>, see
    /// <see cref="AuditChain.ComputeHash"/>; set when the entry is saved.</summary>
    public string? Hash { get; private set; }
}

namespace UserConsole.Domain.Audit;

/// <summary>The refusals of the audit trail's own operations.</summary>
public static class AuditRules
{
    /// <summary>An export writes no row but its own audit entry; it cannot lose a race with another writer.</summary>
    public static DomainError NothingToExport { get; } = new("audit.export_failed", "The export could not be recorded. Try again.");
}

namespace UserConsole.Domain.Audit;

/// <summary>The result of the last chain check, kept in the database (one row) so that it survives a restart and a
/// check run from the console (verify-audit) shows on the Activity page like the app's own start-up and daily checks.</summary>
public class AuditCheck
{
    public const int SingleId = 1;

    // EF Core
    private AuditCheck()
    {
    }

    internal AuditCheck(AuditVerification result) => Update(result);

    public int Id { get; private set; } = SingleId;

    /// <summary>UTC.</summary>
    public DateTime CheckedAt { get; private set; }

    public bool Intact { get; private set; }

    public long EntryCount { get; private set; }

    public long? BrokenEntryId { get; private set; }

    public string Message { get; private set; } = "";

    internal void Update(AuditVerification result)
    {
        CheckedAt = result.CheckedAt;
        Intact = result.Intact;
        EntryCount = result.EntryCount;
        BrokenEntryId = result.BrokenEntryId;
        Message = result.Message;
    }
}

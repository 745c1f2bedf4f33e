using Microsoft.Extensions.Logging;

namespace UserConsole.Domain.Audit;

public sealed record AuditCheckView(DateTime CheckedAt, bool Intact, long EntryCount, long? BrokenEntryId, string Message);

/// <summary>Checks the audit chain and keeps the last result (verify-audit, start-up and daily), and shows it to
/// whoever may read the activity log.</summary>
public sealed partial class AuditIntegrity(IDbContextFactory<UserConsoleDbContext> contextFactory, TimeProvider clock, ILogger<AuditIntegrity> logger)
{
    /// <summary>Verifies the whole chain and stores the result as the last check.</summary>
    public async Task<AuditVerification> CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var result = await AuditVerifier.VerifyAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var stored = await db.AuditChecks.SingleOrDefaultAsync(c => c.Id == AuditCheck.SingleId, cancellationToken);
        if (stored is null)
        {
            db.AuditChecks.Add(new AuditCheck(result));
        }
        else
        {
            stored.Update(result);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (result.Intact)
        {
            LogIntact(logger, result.Message);
        }
        else
        {
            LogBroken(logger, result.BrokenEntryId ?? 0, result.Message);
        }

        return result;
    }

    /// <summary>The last check, or null when none ran yet (view_activity_log).</summary>
    public async Task<Result<AuditCheckView?>> LastCheckAsync(ActingUser by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ActorLoader.RequireAsync(db, by, Permissions.ViewActivityLog, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var check = await db.AuditChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == AuditCheck.SingleId, cancellationToken);
        return Result<AuditCheckView?>.Success(
            check is null ? null : new AuditCheckView(check.CheckedAt, check.Intact, check.EntryCount, check.BrokenEntryId, check.Message));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogIntact(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message} (entry {BrokenEntryId})")]
    private static partial void LogBroken(ILogger logger, long brokenEntryId, string message);
}

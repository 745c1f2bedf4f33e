using System.Globalization;
using Microsoft.Extensions.Options;

namespace UserConsole.Domain.Audit;

/// <summary>Audit settings (section "Audit").</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Days of audit trail to keep; 0 keeps everything forever.</summary>
    public int RetentionDays { get; set; }
}

/// <summary>Removes whole days from the oldest end of the audit trail, and only there: the database refuses
/// every other deletion. Before removing, it appends a checkpoint entry that names the last removed entry and its
/// hash, so the oldest kept entry still proves where the chain continues from.</summary>
public sealed class AuditRetention(IDbContextFactory<UserConsoleDbContext> contextFactory, IOptions<AuditOptions> options, TimeProvider clock)
{
    /// <summary>Prunes what is older than <see cref="AuditOptions.RetentionDays"/> (counted back from today's UTC
    /// midnight); returns how many entries were removed.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.Date.AddDays(-days);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // The write lock (BEGIN IMMEDIATE, or PostgreSQL's advisory write lock) from the first read: no entry is appended between choosing and removing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var oldestId = await db.AuditEntries.MinAsync(e => (long?)e.Id, cancellationToken);
        var firstKeptId = await db.AuditEntries.Where(e => e.At >= cutoff).MinAsync(e => (long?)e.Id, cancellationToken);
        var newestId = await db.AuditEntries.MaxAsync(e => (long?)e.Id, cancellationToken);
        var lastPrunedId = firstKeptId is { } kept ? kept - 1 : newestId;
        if (oldestId is null || lastPrunedId is null || lastPrunedId < oldestId)
        {
            return 0;
        }

        var continuesFrom = await db.AuditEntries.Where(e => e.Id == lastPrunedId).Select(e => e.Hash).SingleAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Audit entry {lastPrunedId} has no hash.");
        var removed = await db.AuditEntries.CountAsync(e => e.Id <= lastPrunedId, cancellationToken);
        var changes = new ChangeSet()
            .Add(AuditChain.CheckpointContinuesAfterEntry, null, lastPrunedId.Value.ToString(CultureInfo.InvariantCulture))
            .Add(AuditChain.CheckpointContinuesFromHash, null, continuesFrom)
            .Add("RemovedEntries", null, removed.ToString(CultureInfo.InvariantCulture))
            .Add("RemovedBefore", null, cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Add("RetentionDays", null, days.ToString(CultureInfo.InvariantCulture));
        db.AuditEntries.Add(new AuditEntry(now, null, "system", null, null, AuditChain.CheckpointAction, "AuditTrail",
            lastPrunedId.Value.ToString(CultureInfo.InvariantCulture), null, changes.ToJson(), AuditOutcome.Succeeded, null));
        await db.SaveChangesAsync(cancellationToken);

        // The delete trigger lets through only entries a permit in this transaction covers.
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"AuditPrunePermits\" (\"UpToId\") VALUES ({lastPrunedId.Value})", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" <= {lastPrunedId.Value}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditPrunePermits\"", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}

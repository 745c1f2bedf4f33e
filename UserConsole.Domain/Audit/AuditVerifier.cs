using System.Globalization;
using Microsoft.Data.Sqlite;

namespace UserConsole.Domain.Audit;

/// <summary>The result of checking the whole audit chain.</summary>
public sealed record AuditVerification(
    bool Intact,
    long EntryCount,
    DateTime? From,
    DateTime? To,
    long? BrokenEntryId,
    string Message,
    DateTime CheckedAt);

/// <summary>Walks the audit trail in chain order and recomputes every hash (verify-audit, the start-up and daily
/// check). Reads one consistent snapshot without blocking writers (a deferred SQLite transaction in WAL mode, a
/// repeatable-read transaction on PostgreSQL).</summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(UserConsoleDbContext db, DateTime checkedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var snapshot = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await db.Database.UseTransactionAsync(snapshot, cancellationToken);
            try
            {
                return await WalkAsync(db, checkedAt, cancellationToken);
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<AuditVerification> WalkAsync(UserConsoleDbContext db, DateTime checkedAt, CancellationToken cancellationToken)
    {
        long count = 0;
        AuditEntry? first = null;
        AuditEntry? previous = null;
        var checkpoints = new Dictionary<long, string>();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            first ??= entry;
            if (entry.Hash is null)
            {
                return Broken(entry, "it has no hash (it was written around the hash chain)", checkedAt);
            }

            if (!string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return Broken(entry, "its content does not match its hash (it was changed after it was written)", checkedAt);
            }

            if (previous is not null && !string.Equals(entry.PreviousHash, previous.Hash, StringComparison.Ordinal))
            {
                return Broken(entry, $"it does not follow entry {previous.Id} (an entry between them was removed or inserted, or that entry was changed)", checkedAt);
            }

            if (entry.Action == AuditChain.CheckpointAction && CheckpointOf(entry) is { } checkpoint)
            {
                checkpoints[checkpoint.AfterId] = checkpoint.Hash;
            }

            previous = entry;
        }

        if (first is null || previous is null)
        {
            return new AuditVerification(true, 0, null, null, null, "Audit trail intact: 0 entries", checkedAt);
        }

        if (!string.Equals(first.PreviousHash, AuditChain.Genesis, StringComparison.Ordinal)
            && !(checkpoints.TryGetValue(first.Id - 1, out var continuesFrom) && string.Equals(continuesFrom, first.PreviousHash, StringComparison.Ordinal)))
        {
            return Broken(first, "it is the oldest entry, but neither starts the chain nor continues from a retention checkpoint (older entries were removed)", checkedAt);
        }

        return new AuditVerification(true, count, first.At, previous.At, null,
            $"Audit trail intact: {count.ToString(CultureInfo.InvariantCulture)} entries from {Format(first.At)} to {Format(previous.At)}", checkedAt);
    }

    private static (long AfterId, string Hash)? CheckpointOf(AuditEntry entry)
    {
        var fields = ChangeSet.Parse(entry.Changes);
        return fields.TryGetValue(AuditChain.CheckpointContinuesAfterEntry, out var after)
               && long.TryParse(after.After, NumberStyles.None, CultureInfo.InvariantCulture, out var afterId)
               && fields.TryGetValue(AuditChain.CheckpointContinuesFromHash, out var hash) && hash.After is not null
            ? (afterId, hash.After)
            : null;
    }

    private static AuditVerification Broken(AuditEntry entry, string reason, DateTime checkedAt) =>
        new(false, 0, null, null, entry.Id,
            $"Audit trail broken at entry {entry.Id.ToString(CultureInfo.InvariantCulture)} ({Format(entry.At)}, {entry.Action}): {reason}.", checkedAt);

    public static string Format(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace UserConsole.Domain.Persistence;

/// <summary>PostgreSQL's counterpart of SQLite's BEGIN IMMEDIATE: every read-write transaction EF Core begins takes
/// one transaction-scoped advisory lock first, so writers run one at a time across connections and instances, as on
/// SQLite (the domain's check-then-write operations and the audit chain's sealing rely on that). A writer waits at
/// most the busy timeout (<c>lock_timeout</c>), then gets "The database is busy". A snapshot transaction
/// (repeatable read or stronger, as the audit verifier uses) reads without the lock.</summary>
public sealed class PostgresWriteLock(int busyTimeoutSeconds) : DbTransactionInterceptor
{
    /// <summary>The advisory lock's key ("UCwrite" as a number); the same in every instance.</summary>
    public const long Key = 0x5543_7772_6974_65;

    /// <summary>The statement that takes the lock in the current transaction.</summary>
    public static string LockStatement(int timeoutSeconds) =>
        $"SET LOCAL lock_timeout = '{Math.Max(1, timeoutSeconds)}s'; SELECT pg_advisory_xact_lock({Key});";

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (TakesLock(result))
        {
            using var command = Command(connection, result);
            command.ExecuteNonQuery();
        }

        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (TakesLock(result))
        {
            await using var command = Command(connection, result);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    private static bool TakesLock(DbTransaction transaction) =>
        transaction.IsolationLevel is not (IsolationLevel.RepeatableRead or IsolationLevel.Serializable or IsolationLevel.Snapshot);

    private DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constant SQL: the timeout is an integer.
        command.CommandText = LockStatement(busyTimeoutSeconds);
#pragma warning restore CA2100
        return command;
    }
}

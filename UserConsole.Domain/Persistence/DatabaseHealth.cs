using Microsoft.Data.Sqlite;
using Npgsql;

namespace UserConsole.Domain.Persistence;

/// <summary>Whether the database takes writes now: takes the write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's
/// <see cref="PostgresWriteLock"/>) and lets it go at once, writing nothing. A read-only file or server refuses; another
/// writer holding the lock past a second reads as busy.</summary>
public static class DatabaseHealth
{
    /// <summary>Null when a write could begin; else why not (<see cref="DatabaseErrors.ReadOnly"/> or
    /// <see cref="DatabaseErrors.Busy"/>). A server that cannot be reached throws.</summary>
    public static async Task<DomainError?> CheckWritableAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return db.Database.GetDbConnection() is NpgsqlConnection pg
                ? await CheckPostgresAsync(pg, cancellationToken)
                : await CheckSqliteAsync((SqliteConnection)db.Database.GetDbConnection(), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<DomainError?> CheckSqliteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.CommandTimeout = 1;
            await begin.ExecuteNonQueryAsync(cancellationToken);
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (SqliteException ex) when (DatabaseErrors.WriteRefusal(ex) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<DomainError?> CheckPostgresAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Straight on the connection, not through EF Core: the lock is taken here with a one-second timeout.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var readOnly = new NpgsqlCommand("SELECT current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery();", connection, transaction);
            if (await readOnly.ExecuteScalarAsync(cancellationToken) is true)
            {
                return DatabaseErrors.ReadOnly;
            }

            await using var take = new NpgsqlCommand(PostgresWriteLock.LockStatement(1), connection, transaction);
            await take.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex) when (DatabaseErrors.WriteRefusal(ex) is { } refusal)
        {
            return refusal;
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }
}

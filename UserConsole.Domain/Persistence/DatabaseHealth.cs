using Microsoft.Data.Sqlite;

namespace UserConsole.Domain.Persistence;

/// <summary>Whether the database takes writes now: takes SQLite's write lock (BEGIN IMMEDIATE) and lets it go at
/// once, writing nothing. A read-only file refuses the lock; another writer holding it past a second reads as busy.</summary>
public static class DatabaseHealth
{
    /// <summary>Null when a write could begin; else why not (<see cref="DatabaseErrors.ReadOnly"/> or
    /// <see cref="DatabaseErrors.Busy"/>).</summary>
    public static async Task<DomainError?> CheckWritableAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
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
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

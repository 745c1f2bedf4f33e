using Microsoft.Data.Sqlite;
using Npgsql;

namespace UserConsole.Domain.Persistence;

/// <summary>What the database provider says when it refuses a change: the one place that knows SQLite's and
/// PostgreSQL's codes.</summary>
public static class DatabaseErrors
{
    /// <summary>How long a command waits for another writer's lock before it gives up (SQLite's busy timeout, the
    /// connection string's <c>Default Timeout</c>; PostgreSQL's <c>lock_timeout</c> on the write lock), unless
    /// configured otherwise.</summary>
    public const int DefaultBusyTimeoutSeconds = 5;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteConstraint = 19;

    /// <summary>Another writer held the database for longer than the busy timeout; nothing was written.</summary>
    public static DomainError Busy { get; } = new("database.busy", "The database is busy, try again.");

    /// <summary>The database file cannot be written (a read-only file, folder or disk); nothing was written.</summary>
    public static DomainError ReadOnly { get; } = new("database.read_only",
        "The database cannot be written (its file is read-only), so nothing was saved. Ask an administrator to check the database file.");

    /// <summary>The database server cannot be reached (stopped, restarting, or the network is cut); nothing was read
    /// or written.</summary>
    public static DomainError Unreachable { get; } = new("database.unreachable",
        "The database cannot be reached at the moment; try again in a few seconds.");

    /// <summary><see cref="Unreachable"/> when <paramref name="exception"/> says the connection to a database server
    /// failed or broke (a refused connection, the server shutting down, a broken stream); null for any other
    /// exception, which stays an error.</summary>
    public static DomainError? UnreachableRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg)
            {
                return pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                    ? Unreachable
                    : null;
            }

            if (e is NpgsqlException { IsTransient: true })
            {
                return Unreachable;
            }
        }

        return null;
    }

    /// <summary>The provider's message when a constraint (unique index, foreign key) refused the save, which names
    /// the constraint's columns (SQLite's own words, "UNIQUE constraint failed: Users.NormalizedEmail", and the same
    /// words built from the model for PostgreSQL); null for any other failure.</summary>
    internal static string? ConstraintMessage(DbUpdateException exception) => exception?.InnerException switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } sqlite => sqlite.Message,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg => Describe("UNIQUE", pg, exception),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } pg => Describe("FOREIGN KEY", pg, exception),
        _ => null,
    };

    /// <summary>The refusal for an exception that says the database could not take a write at all (busy past the
    /// timeout, or read-only); null for any other exception.</summary>
    public static DomainError? WriteRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
            {
                return sqlite.SqliteErrorCode switch
                {
                    SqliteBusy or SqliteLocked => Busy,
                    SqliteReadOnly => ReadOnly,
                    _ => null,
                };
            }

            if (e is PostgresException pg)
            {
                return pg.SqlState switch
                {
                    PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => Busy,
                    PostgresErrorCodes.ReadOnlySqlTransaction => ReadOnly,
                    _ => null,
                };
            }
        }

        return null;
    }

    // "UNIQUE constraint failed: Users.NormalizedEmail", from the index or foreign key the constraint name belongs to.
    private static string Describe(string kind, PostgresException pg, DbUpdateException exception)
    {
        foreach (var entityType in exception.Entries.Select(e => e.Metadata).Distinct())
        {
            var columns = entityType.GetIndexes().Where(i => i.GetDatabaseName() == pg.ConstraintName).Select(i => i.Properties)
                .Concat(entityType.GetForeignKeys().Where(f => f.GetConstraintName() == pg.ConstraintName).Select(f => f.Properties))
                .Concat(entityType.GetKeys().Where(k => k.GetName() == pg.ConstraintName).Select(k => k.Properties))
                .FirstOrDefault();
            if (columns is not null)
            {
                var table = entityType.GetTableName();
                return $"{kind} constraint failed: {string.Join(", ", columns.Select(p => $"{table}.{p.GetColumnName()}"))}";
            }
        }

        return $"{kind} constraint failed: {pg.TableName}.{pg.ConstraintName} ({pg.MessageText})";
    }
}

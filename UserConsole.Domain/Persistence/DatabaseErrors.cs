using Microsoft.Data.Sqlite;

namespace UserConsole.Domain.Persistence;

/// <summary>What the database provider says when it refuses a change: the one place that knows SQLite's codes.</summary>
internal static class DatabaseErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>The provider's message when a constraint (unique index, foreign key) refused the save, which names
    /// the constraint's columns; null for any other failure.</summary>
    public static string? ConstraintMessage(DbUpdateException exception) =>
        exception?.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite ? sqlite.Message : null;
}

using UserConsole.Domain.Users;

namespace UserConsole.Domain.Persistence;

/// <summary>The users search index: an FTS5 table with the trigram tokenizer (<c>UserSearch</c>, rowid = the user's
/// rowid) over the normalized username and email, the full name and the company, kept by triggers on Users in the
/// same transaction as every insert, update and delete (see the Issue17_SearchAndRollups migration).
/// <para>A trigram index finds a fragment of three or more characters without reading every row. The columns are
/// stored lower-cased by SQLite's <c>lower()</c> (ASCII letters only) and matched case-sensitively, and the search
/// text is lower-cased the same way, so a match is exactly the plain query's <c>LIKE '%text%'</c>: ASCII letters in
/// any case, every other character as typed, <c>%</c>, <c>_</c> and <c>\</c> literal.</para>
/// <para>On PostgreSQL the index is a pg_trgm GIN index over the same four columns, lower-cased the same way
/// (<c>uc_ascii_lower</c>, see <see cref="PostgresSql"/>), serving the same <c>LIKE '%text%'</c> conditions, so both
/// providers find exactly the same users.</para></summary>
public static class UserSearchSql
{
    /// <summary>The shortest fragment a trigram index can find; shorter searches read the table.</summary>
    public const int MinimumLength = 3;

    // As the migration fills it.
    private const string FillIndex = """
        INSERT INTO UserSearch (rowid, UserId, UserName, Email, FullName, Company)
        SELECT rowid, Id, lower(NormalizedUserName), lower(NormalizedEmail), lower(FullName), lower(Company) FROM Users;
        """;

    /// <summary>True when <paramref name="term"/> (and its normalized form) are long enough for the index. A NUL
    /// character ends a string for SQLite's LIKE, so such a search keeps the plain query and its meaning.</summary>
    public static bool CanUse(string term, string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        return RuneCount(term) >= MinimumLength && RuneCount(normalizedTerm) >= MinimumLength && !term.Contains('\0', StringComparison.Ordinal);
    }

    /// <summary>The users whose normalized username or email contains <paramref name="normalizedTerm"/>, or whose full
    /// name or company contains <paramref name="term"/> (ASCII letters in any case), found through the index. Composes
    /// with further LINQ (filters, sort, page).</summary>
    public static IQueryable<User> Matching(UserConsoleDbContext db, string term, string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
        {
            var (names, details) = Patterns(term, normalizedTerm);
            return db.Users.FromSql($"""
                SELECT * FROM "Users" WHERE uc_ascii_lower("NormalizedUserName") LIKE {names} OR uc_ascii_lower("NormalizedEmail") LIKE {names}
                    OR uc_ascii_lower("FullName") LIKE {details} OR uc_ascii_lower("Company") LIKE {details}
                """);
        }

        var match = MatchExpression(term, normalizedTerm);
        return db.Users.FromSql($"SELECT * FROM Users WHERE rowid IN (SELECT rowid FROM UserSearch WHERE UserSearch MATCH {match})");
    }

    /// <summary>How many users <see cref="Matching"/> finds, counted in the index alone (one index row per user), so
    /// thousands of matches cost no read of their users' rows.</summary>
    public static Task<int> CountAsync(UserConsoleDbContext db, string term, string normalizedTerm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
        {
            return Matching(db, term, normalizedTerm).CountAsync(cancellationToken);
        }

        var match = MatchExpression(term, normalizedTerm);
        return db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM UserSearch WHERE UserSearch MATCH {match}").SingleAsync(cancellationToken);
    }

    /// <summary>Ids of one page of <see cref="Matching"/> in username order, found by walking the username index and
    /// keeping the rows the index matched (both by rowid, without reading a user's row), so a search that matches
    /// thousands of users sorts none of them. Composes as a subquery.</summary>
    public static IQueryable<Guid> PageIdsByUserName(UserConsoleDbContext db, string term, string normalizedTerm, bool descending, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
        {
            // PostgreSQL picks between the trigram index and the username index by its statistics.
            var matching = Matching(db, term, normalizedTerm);
            var sorted = descending ? matching.OrderByDescending(u => u.NormalizedUserName) : matching.OrderBy(u => u.NormalizedUserName);
            return sorted.Skip(skip).Take(take).Select(u => u.Id);
        }

        var match = MatchExpression(term, normalizedTerm);
        return descending
            ? db.Database.SqlQuery<Guid>($"""
                SELECT Id AS Value FROM Users INDEXED BY UserNameIndex
                WHERE +rowid IN (SELECT rowid FROM UserSearch WHERE UserSearch MATCH {match})
                ORDER BY NormalizedUserName DESC LIMIT {take} OFFSET {skip}
                """)
            : db.Database.SqlQuery<Guid>($"""
                SELECT Id AS Value FROM Users INDEXED BY UserNameIndex
                WHERE +rowid IN (SELECT rowid FROM UserSearch WHERE UserSearch MATCH {match})
                ORDER BY NormalizedUserName LIMIT {take} OFFSET {skip}
                """);
    }

    // LIKE patterns (backslash escapes, PostgreSQL's default) for the normalized text and the text as typed.
    private static (string Names, string Details) Patterns(string term, string normalizedTerm) =>
        (Paging.ContainsPattern(LowerAscii(normalizedTerm)), Paging.ContainsPattern(LowerAscii(term)));

    // The username and email are compared with the normalized text, the full name and company with the text as typed.
    private static string MatchExpression(string term, string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        var names = LowerAscii(normalizedTerm);
        var details = LowerAscii(term);
        return string.Equals(names, details, StringComparison.Ordinal)
            ? Phrase(details)
            : $"{{UserName Email}} : {Phrase(names)} OR {{FullName Company}} : {Phrase(details)}";
    }

    /// <summary>Rebuilds the index when its rows no longer line up with the users (a VACUUM may renumber the rowids
    /// of a table without an integer key); true when it did. Run at start-up.</summary>
    public static async Task<bool> EnsureInStepAsync(UserConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stale = await db.Database.SqlQuery<int>($"""
            SELECT CASE WHEN (SELECT COUNT(*) FROM Users) <> (SELECT COUNT(*) FROM UserSearch)
                OR EXISTS (SELECT 1 FROM UserSearch AS s LEFT JOIN Users AS u ON u.rowid = s.rowid WHERE u.Id IS NOT s.UserId)
                THEN 1 ELSE 0 END AS Value
            """).SingleAsync(cancellationToken);
        if (stale == 0)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM UserSearch;", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(FillIndex, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // As SQLite's built-in lower(): A-Z only.
    private static string LowerAscii(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    });

    // An FTS5 string: every character literal, a double quote doubled.
    private static string Phrase(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static int RuneCount(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}

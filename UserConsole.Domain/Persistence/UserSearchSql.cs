using System.Text;
using Microsoft.EntityFrameworkCore;

namespace UserConsole.Domain.Persistence;

/// <summary>The users search index: an FTS5 table with the trigram tokenizer over the normalized username and email,
/// the full name and the company (<c>UserSearch</c>, rowid = <c>UserSearchKeys.Id</c>), kept by triggers on Users
/// in the same transaction as every insert, update and delete (see the Issue17_SearchAndRollups migration).
/// <para>A trigram index finds a fragment of three or more characters without reading every row. It folds case
/// further than the search's LIKE does (Unicode letters, not only ASCII), so it is a candidate set that always
/// contains the exact matches; the caller keeps its LIKE conditions on top, and the result is exactly the LIKE
/// result.</para></summary>
public static class UserSearchSql
{
    /// <summary>The shortest fragment a trigram index can find; shorter searches read the table.</summary>
    public const int MinimumLength = 3;

    /// <summary>True when <paramref name="term"/> (and its normalized form) are long enough for the index. A NUL
    /// character ends a string for SQLite's LIKE, so such a search keeps the plain query and its meaning.</summary>
    public static bool CanUse(string term, string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        return RuneCount(term) >= MinimumLength && RuneCount(normalizedTerm) >= MinimumLength && !term.Contains('\0', StringComparison.Ordinal);
    }

    /// <summary>Ids of the users whose username, email, full name or company may contain <paramref name="term"/>
    /// (or its normalized form, which the username and email are compared with): a superset of the exact matches.
    /// Composes into a LINQ query as a subquery.</summary>
    public static IQueryable<Guid> Candidates(UserConsoleDbContext db, string term, string normalizedTerm)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(normalizedTerm);
        // ASCII folds the same way in the index and in LIKE, so one phrase finds both forms.
        var match = Ascii.IsValid(term) || string.Equals(term, normalizedTerm, StringComparison.Ordinal)
            ? Phrase(term)
            : $"{Phrase(term)} OR {Phrase(normalizedTerm)}";
        return db.Database.SqlQuery<Guid>(
            $"SELECT k.UserId AS Value FROM UserSearchKeys AS k WHERE k.Id IN (SELECT rowid FROM UserSearch WHERE UserSearch MATCH {match})");
    }

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

namespace UserConsole.Domain;

/// <summary>One page of a list that was filtered, sorted and paged in the database.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

/// <summary>An id and the name a person knows it by.</summary>
public sealed record NamedItem(int Id, string Name);

public static class Paging
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100];

    /// <summary>The page size if it is one of the offered sizes, else the smallest.</summary>
    public static int NormalizePageSize(int pageSize) => PageSizes.Contains(pageSize) ? pageSize : PageSizes[0];

    /// <summary>A LIKE pattern matching <paramref name="term"/> anywhere, with LIKE's wildcards escaped by '\'.</summary>
    public static string ContainsPattern(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var escaped = term.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }
}

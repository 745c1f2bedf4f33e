using CsCheck;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Users;

/// <summary>The users search through the trigram index finds exactly what the plain LIKE query over the Users table
/// (the search before the index) finds (case-insensitive for ASCII, exact otherwise, LIKE's wildcards literal), for random searches over a
/// directory with non-ASCII names and wildcard characters, after inserts, edits and deletes the index had to follow.</summary>
public sealed class UserSearchIndexTests : IAsyncLifetime
{
    private const int Searches = 1_000;

    private static readonly string[] Names =
        ["Anna Smith", "SMITHERS", "Jörg Müller", "MÜLLER GmbH", "müller", "Öztürk", "İlker Işık", "ILKER", "Straße 5", "STRASSE",
         "Ærøskøbing", "50%_off\\co", "100% Real", "a_b_c", "back\\slash", "Zoë O'Neil", "\"Quoted\" Ltd", "Ǆemal", "Ǳ Ltd", "ﬀoo"];

    private static readonly string Alphabet = "smithSMITHüÜöÖiIİıßæÆ%_\\\"' .-@0123abcABC";

    private AdminWorld _w = null!;
    private List<string> _values = [];

    public async ValueTask InitializeAsync()
    {
        _w = await AdminWorld.CreateAsync();
        var random = new Random(17);
        for (var i = 0; i < 120; i++)
        {
            var user = await _w.Context.CreateUserAsync(
                $"u{i:000}.{(i % 3 == 0 ? "smith" : i % 3 == 1 ? "MUeller" : "x_y")}",
                _w.ViewerRole,
                email: $"{Names[random.Next(Names.Length)].Replace(" ", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}.{i}@Example.test",
                fullName: random.Next(6) == 0 ? null : Names[random.Next(Names.Length)],
                company: random.Next(4) == 0 ? null : Names[random.Next(Names.Length)]);
            _ = user;
        }

        // Edits and deletes after the inserts: the index must follow each.
        await using (var db = await _w.Context.DbAsync())
        {
            var users = await db.Users.Where(u => u.UserName!.StartsWith("u0")).OrderBy(u => u.UserName).ToListAsync();
            foreach (var user in users.Take(30))
            {
                user.SetDetails(Names[random.Next(Names.Length)] + " edited", random.Next(2) == 0 ? null : "Edited %Co");
            }

            db.Users.RemoveRange(users.Skip(30).Take(10));
            await db.SaveChangesAsync();
        }

        await using var read = await _w.Context.DbAsync();
        _values = (await read.Users.Select(u => new { u.UserName, u.Email, u.FullName, u.Company }).ToListAsync())
            .SelectMany(u => new[] { u.UserName, u.Email, u.FullName, u.Company })
            .Where(v => v is not null)
            .Select(v => v!)
            .ToList();
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task ListAsync_RandomSearches_FindExactlyWhatThePlainQueryFinds()
    {
        // Fragments of stored values (in random case), and strings from an alphabet of letters that fold
        // differently, LIKE's wildcards and FTS5's quote.
        var fragments = Gen.Int[0, _values.Count - 1].SelectMany(i =>
        {
            var value = _values[i];
            return Gen.Int[0, value.Length - 1].SelectMany(start => Gen.Int[1, Math.Min(8, value.Length - start)].SelectMany(length =>
                Gen.Int[0, 2].Select(casing =>
                {
                    var part = value.Substring(start, length);
                    return casing switch { 0 => part, 1 => part.ToUpperInvariant(), _ => part.ToLowerInvariant() };
                })));
        });
        var searches = Gen.Frequency(
            (3, fragments),
            (1, Gen.Char[Alphabet].Array[1, 6].Select(a => new string(a))),
            (1, Gen.String[1, 5]));
        var token = TestContext.Current.CancellationToken;
        var terms = new List<string>();
        searches.Sample(s => terms.Add(s), iter: Searches, threads: 1);

        var found = 0;
        var empty = 0;
        var indexed = 0;
        var failures = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            // Every fourth search also filters by role (counted over the users rather than in the index).
            var term = terms[i];
            var roleId = i % 4 == 3 ? _w.ViewerRole.Id : (Guid?)null;
            UserAdministration.IndexWalkFrom = i % 2 == 0 ? 1 : 1_000; // both ways of paging a search
            var expected = await PlainQueryAsync(term, roleId);
            var result = (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { Search = term, RoleId = roleId, PageSize = 100 }, token)).Value;
            var ids = result.Items.Select(i => i.Id).ToHashSet();
            var pageRight = expected.Count <= 100 ? ids.SetEquals(expected) : ids.Count == 100 && ids.IsSubsetOf(expected);
            if (result.TotalCount != expected.Count || !pageRight)
            {
                failures.Add($"'{term}' (role {roleId}): {result.TotalCount} found, {expected.Count} expected");
            }

            _ = expected.Count == 0 ? empty++ : found++;
            indexed += term.Trim().EnumerateRunes().Count() >= 3 ? 1 : 0;
        }

        UserAdministration.IndexWalkFrom = 1_000;
        failures.ShouldBeEmpty();
        found.ShouldBeGreaterThan(Searches / 5, "too few searches found something");
        empty.ShouldBeGreaterThan(Searches / 20, "too few searches found nothing");
        indexed.ShouldBeGreaterThan(Searches / 2, "too few searches were long enough for the index");
    }

    [Theory]
    [InlineData("smith")]
    [InlineData("SMITH")]
    [InlineData("%_o")]
    [InlineData("müller")]
    [InlineData("MÜLLER")]
    [InlineData("k\\sl")]
    [InlineData("\"Quo")]
    public async Task ListAsync_KnownSearch_FindsWhatThePlainQueryFinds(string term)
    {
        var expected = await PlainQueryAsync(term);

        var result = (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { Search = term, PageSize = 100 },
            TestContext.Current.CancellationToken)).Value;

        result.TotalCount.ShouldBe(expected.Count);
        result.Items.Select(i => i.Id).ShouldBeSubsetOf(expected);
    }

    [Theory]
    [InlineData("smith", false)]
    [InlineData("smith", true)]
    [InlineData("x_y", true)]
    [InlineData("ller", false)]
    public async Task ListAsync_SearchInUserNameOrder_PagesExactlyAsThePlainQuerySorted(string term, bool descending)
    {
        foreach (var walkFrom in new[] { 1, int.MaxValue })
        {
            UserAdministration.IndexWalkFrom = walkFrom;
            try
            {
                await PagesExactlyAsync(term, descending);
            }
            finally
            {
                UserAdministration.IndexWalkFrom = 1_000;
            }
        }
    }

    private async Task PagesExactlyAsync(string term, bool descending)
    {
        await using var db = await _w.Context.DbAsync();
        var expectedIds = await PlainQueryAsync(term);
        var names = await db.Users.Where(u => expectedIds.Contains(u.Id)).Select(u => u.NormalizedUserName!).ToListAsync(TestContext.Current.CancellationToken);
        var expected = descending ? names.OrderDescending(StringComparer.Ordinal).ToList() : names.Order(StringComparer.Ordinal).ToList();
        expected.Count.ShouldBeGreaterThan(25);

        var pages = new List<string>();
        for (var page = 0; pages.Count < expected.Count; page++)
        {
            var result = (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin),
                new UserListQuery { Search = term, Descending = descending, Page = page, PageSize = 25 }, TestContext.Current.CancellationToken)).Value;
            result.Items.ShouldNotBeEmpty();
            pages.AddRange(result.Items.Select(i => i.UserName.ToUpperInvariant()));
        }

        pages.ShouldBe(expected);
    }

    [Fact]
    public async Task ListAsync_LongSearch_ReadsTheIndex()
    {
        await using var db = await _w.Context.DbAsync();
        var sql = _w.Users.ListQuerySql(db, new UserListQuery { Search = "smith" });

        sql.ShouldContain(TestProvider.IsPostgres ? "uc_ascii_lower(\"NormalizedUserName\") LIKE" : "UserSearch MATCH");
    }

    [Fact]
    public async Task ListAsync_TwoCharacterSearch_ReadsTheTable()
    {
        await using var db = await _w.Context.DbAsync();
        var sql = _w.Users.ListQuerySql(db, new UserListQuery { Search = "sm" });

        sql.ShouldNotContain(TestProvider.IsPostgres ? "uc_ascii_lower(\"NormalizedUserName\") LIKE" : "UserSearch");
        sql.ShouldContain("LIKE");
    }

    [Fact]
    public async Task EnsureInStepAsync_WhenRowidsNoLongerLineUp_RebuildsTheIndex()
    {
        TestProvider.SkipUnlessSqlite("FTS5 rowids; PostgreSQL's trigram index is an index of the table itself");
        var token = TestContext.Current.CancellationToken;
        await using var db = await _w.Context.DbAsync();
        (await UserSearchSql.EnsureInStepAsync(db, token)).ShouldBeFalse();
        var someone = await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName).FirstAsync(token);

        // What a VACUUM may do to a table without an integer key: the same users under other rowids.
        await db.Database.ExecuteSqlRawAsync("UPDATE UserSearch SET rowid = rowid + 100000;", token);
        (await UserSearchSql.EnsureInStepAsync(db, token)).ShouldBeTrue();

        (await UserSearchSql.EnsureInStepAsync(db, token)).ShouldBeFalse();
        var found = await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { Search = someone! }, token);
        found.Value.Items.Select(i => i.UserName).ShouldContain(someone);
    }

    // The search as it was before the index, as SQLite's LIKE means it over the four columns (ASCII letters in any
    // case, every other character exactly), the username and email compared in their normalized (upper-case) form;
    // evaluated here over every user, so it is the same reference on both providers.
    private async Task<HashSet<Guid>> PlainQueryAsync(string search, Guid? roleId = null)
    {
        var term = search.Trim();
        await using var db = await _w.Context.DbAsync();
        var users = await db.Users.AsNoTracking().Where(u => roleId == null || u.RoleId == roleId)
            .Select(u => new { u.Id, u.NormalizedUserName, u.NormalizedEmail, u.FullName, u.Company }).ToListAsync();
        if (term.Length == 0)
        {
            return users.Select(u => u.Id).ToHashSet();
        }

        var upper = _w.Context.Normalizer.NormalizeName(term);
        return users.Where(u => Like(u.NormalizedUserName, upper) || Like(u.NormalizedEmail, upper) || Like(u.FullName, term) || Like(u.Company, term))
            .Select(u => u.Id).ToHashSet();
    }

    private static bool Like(string? value, string fragment) =>
        value is not null && LowerAscii(value).Contains(LowerAscii(fragment), StringComparison.Ordinal);

    private static string LowerAscii(string text) => new([.. text.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c)]);
}

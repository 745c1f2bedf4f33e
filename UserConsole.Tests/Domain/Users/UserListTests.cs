using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Users;

/// <summary>The users list: every sort, the search across four fields, the filters and paging, all answered by the
/// database. Each expectation is computed independently from all rows loaded into memory.</summary>
public sealed class UserListTests : IAsyncLifetime
{
    private AdminWorld _w = null!;
    private List<User> _all = [];

    public async ValueTask InitializeAsync()
    {
        _w = await AdminWorld.CreateAsync();
        var companies = new[] { "Acme", "Globex", null, "Initech" };
        for (var i = 0; i < 40; i++)
        {
            var role = i % 3 == 0 ? _w.OperatorRole : _w.ViewerRole;
            var scope = i % 4 == 0
                ? new AccessScope(ResourceScope.Chosen([_w.Server1.Id, _w.Server2.Id]), ResourceScope.Chosen([_w.Storage1.Id]))
                : AccessScope.Everything;
            await _w.Context.CreateUserAsync($"user{i:00}", role, scope, fullName: i % 5 == 0 ? null : $"{(i % 2 == 0 ? "person" : "Person")} {39 - i:00}",
                company: companies[i % 4], enabled: i % 7 != 0);
        }

        await using var db = await _w.Context.DbAsync();
        var twoFactor = await db.Users.Where(u => EF.Functions.Like(u.UserName!, "%3")).ToListAsync();
        foreach (var user in twoFactor)
        {
            user.EnableTwoFactor("protected", 1);
        }

        var signedIn = await db.Users.Where(u => EF.Functions.Like(u.UserName!, "%5")).ToListAsync();
        var minutes = 0;
        foreach (var user in signedIn)
        {
            user.RecordSignIn(new DateTime(2026, 11, 1, 8, minutes++, 0, DateTimeKind.Utc));
        }

        await db.SaveChangesAsync();
        _all = await db.Users.AsNoTracking().Include(u => u.Role).Include(u => u.ProductionServers).Include(u => u.StorageServers).ToListAsync();
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private async Task<List<UserListItem>> AllPagesAsync(UserListQuery query)
    {
        var items = new List<UserListItem>();
        for (var page = 0; ; page++)
        {
            var result = (await _w.Users.ListAsync(DomainTestContext.As(_w.Viewer), query with { Page = page, PageSize = 25 })).Value;
            items.AddRange(result.Items);
            if (items.Count >= result.TotalCount || result.Items.Count == 0)
            {
                return items;
            }
        }
    }

    [Fact]
    public async Task ListAsync_FirstPage_HasThePageSizeAndTheTotal()
    {
        var page = (await _w.Users.ListAsync(DomainTestContext.As(_w.Viewer), new UserListQuery { PageSize = 25 })).Value;

        page.TotalCount.ShouldBe(_all.Count);
        page.Items.Count.ShouldBe(25);
        page.Items.Select(i => i.UserName).ShouldBe(_all.Select(u => u.UserName!).Order(StringComparer.OrdinalIgnoreCase).Take(25));
    }

    [Fact]
    public async Task ListAsync_PageSizeNotOffered_FallsBackTo25()
    {
        var page = (await _w.Users.ListAsync(DomainTestContext.As(_w.Viewer), new UserListQuery { PageSize = 100_000 })).Value;

        page.PageSize.ShouldBe(25);
        page.Items.Count.ShouldBe(25);
    }

    [Theory]
    [InlineData(UserSortField.UserName, false)]
    [InlineData(UserSortField.UserName, true)]
    [InlineData(UserSortField.FullName, false)]
    [InlineData(UserSortField.FullName, true)]
    [InlineData(UserSortField.Company, false)]
    [InlineData(UserSortField.Email, true)]
    [InlineData(UserSortField.Role, false)]
    [InlineData(UserSortField.Access, false)]
    [InlineData(UserSortField.Access, true)]
    [InlineData(UserSortField.TwoFactor, true)]
    [InlineData(UserSortField.Status, false)]
    [InlineData(UserSortField.LastSignIn, true)]
    public async Task ListAsync_SortedByAColumn_PagesThroughEveryUserOnceInThatOrder(UserSortField sort, bool descending)
    {
        var listed = await AllPagesAsync(new UserListQuery { Sort = sort, Descending = descending });

        listed.Select(i => i.Id).Distinct().Count().ShouldBe(_all.Count);
        var keys = listed.Select(i => _all.Single(u => u.Id == i.Id)).Select(u => KeyOf(u, sort)).ToList();
        var expected = descending ? keys.OrderDescending(Comparer<IComparable?>.Create(Compare)).ToList() : keys.Order(Comparer<IComparable?>.Create(Compare)).ToList();
        keys.ShouldBe(expected);
    }

    [Theory]
    [InlineData("USER1")] // username, any case
    [InlineData("user07@example")] // email
    [InlineData("person 2")] // full name, any case
    [InlineData("globex")] // company
    [InlineData("100%")] // LIKE wildcards are literal
    [InlineData("_")]
    public async Task ListAsync_Search_MatchesUserNameEmailFullNameOrCompany(string term)
    {
        var listed = await AllPagesAsync(new UserListQuery { Search = term });

        var expected = _all.Where(u =>
                u.UserName!.Contains(term, StringComparison.OrdinalIgnoreCase)
                || u.Email!.Contains(term, StringComparison.OrdinalIgnoreCase)
                || (u.FullName ?? "").Contains(term, StringComparison.OrdinalIgnoreCase)
                || (u.Company ?? "").Contains(term, StringComparison.OrdinalIgnoreCase))
            .Select(u => u.Id);
        listed.Select(i => i.Id).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task ListAsync_Filters_CombineRoleStatusAndTwoFactor()
    {
        var listed = await AllPagesAsync(new UserListQuery { RoleId = _w.ViewerRole.Id, Enabled = true, TwoFactorEnabled = true });

        var expected = _all.Where(u => u.RoleId == _w.ViewerRole.Id && u.IsEnabled && u.TwoFactorEnabled).Select(u => u.Id).ToList();
        expected.ShouldNotBeEmpty();
        listed.Select(i => i.Id).ShouldBe(expected, ignoreOrder: true);
        (await AllPagesAsync(new UserListQuery { Enabled = false })).Select(i => i.Id)
            .ShouldBe(_all.Where(u => !u.IsEnabled).Select(u => u.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task ListAsync_Items_SummariseAccessAndMarkTheFirstAdmin()
    {
        var listed = await AllPagesAsync(new UserListQuery());

        var admin = listed.Single(i => i.UserName == "admin");
        admin.IsFirstAdmin.ShouldBeTrue();
        admin.ProductionServers.All.ShouldBeTrue();
        var scoped = listed.Single(i => i.UserName == "user00");
        scoped.ProductionServers.All.ShouldBeFalse();
        scoped.ProductionServers.Names.ShouldBe(["db-01", "web-01"]);
        scoped.StorageServers.Names.ShouldBe(["nas-01"]);
        scoped.RoleName.ShouldBe(AdminWorld.OperatorRoleName);
    }

    [Fact]
    public async Task ListAsync_IsPagedAndSearchedInTheDatabase()
    {
        await using var db = await _w.Context.DbAsync();

        var sql = _w.Users.ListQuerySql(db, new UserListQuery { Search = "acme", Sort = UserSortField.Company, Page = 2 });

        sql.ShouldContain(TestProvider.IsPostgres ? "uc_ascii_lower(\"Company\") LIKE" : "UserSearch MATCH");
        sql.ShouldContain("ORDER BY");
        sql.ShouldContain("LIMIT");
        sql.ShouldContain("OFFSET");
    }

    [Fact]
    public async Task ListAsync_WithoutViewUsersPage_IsRefusedNotEmpty()
    {
        var result = await _w.Users.ListAsync(DomainTestContext.As(_w.OperatorWide), new UserListQuery());

        result.Succeeded.ShouldBeFalse();
        result.Error!.Message.ShouldBe("You need the view_users_page permission.");
    }

    private static IComparable? KeyOf(User u, UserSortField sort) => sort switch
    {
        UserSortField.FullName => u.FullName?.ToUpperInvariant(),
        UserSortField.Company => u.Company?.ToUpperInvariant(),
        UserSortField.Email => u.NormalizedEmail,
        UserSortField.Role => u.Role.NormalizedName,
        UserSortField.Access => u.IsFirstAdmin || u.ProductionServerScope == ScopeMode.All ? int.MaxValue : u.ProductionServers.Count,
        UserSortField.TwoFactor => u.TwoFactorEnabled,
        UserSortField.Status => u.IsEnabled,
        UserSortField.LastSignIn => u.LastSignInAt,
        _ => u.NormalizedUserName,
    };

    private static int Compare(IComparable? a, IComparable? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : a is string sa ? string.CompareOrdinal(sa, (string)b) : a.CompareTo(b);
}

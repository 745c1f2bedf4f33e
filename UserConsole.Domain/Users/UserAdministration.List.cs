namespace UserConsole.Domain.Users;

public sealed partial class UserAdministration
{
    /// <summary>One page of users: searched, filtered, sorted and paged in the database (never by loading every row),
    /// each with what the actor may do to them.</summary>
    public async Task<Result<UserPage>> ListAsync(ActingUser by, UserListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await contextFactory.ReadAsync(by, Permissions.ViewUsersPage, async (db, actor) =>
        {
            var pageSize = Paging.NormalizePageSize(query.PageSize);
            var page = Math.Max(0, query.Page);
            var total = await CountAsync(db, query, cancellationToken);
            // The page's ids first, then their rows: given the ids as a list, PostgreSQL reads 25 users by key; given the
            // id subquery, it joined every user with their scope rows before keeping 25 (140 ms at 100,000 users).
            var ids = await PageIds(db, query, page, pageSize, total).ToListAsync(cancellationToken);
            var rows = await Project(db, Sort(db, db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)), query)).ToListAsync(cancellationToken);
            var roleIds = rows.Select(r => r.RoleId).Distinct().ToList();
            var roles = await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id))
                .Select(r => new { r.Id, r.IsFirstAdminRole, Keys = r.Permissions.Select(p => p.Key).ToList() })
                .ToDictionaryAsync(r => r.Id, r => r.IsFirstAdminRole ? Permissions.AllKeys : r.Keys.ToHashSet(StringComparer.Ordinal), cancellationToken);
            var (validity, now) = (policy.Current.OneTimePasswordValidity, clock.GetUtcNow().UtcDateTime);
            var items = rows.Select(r => new UserListItem(
                r.Id,
                r.UserName,
                r.FullName,
                r.Company,
                r.Email,
                r.RoleId,
                r.RoleName,
                r.IsFirstAdmin,
                r.IsEnabled,
                r.TwoFactorEnabled,
                r.LastSignInAt,
                PendingOneTimePassword.Of(r.MustChangePassword, r.OneTimePasswordIssuedAt, validity, now),
                new ScopeSummary(r.IsFirstAdmin || r.ProductionServerScope == ScopeMode.All, r.IsFirstAdmin ? [] : r.ServerNames),
                new ScopeSummary(r.IsFirstAdmin || r.StorageServerScope == ScopeMode.All, r.IsFirstAdmin ? [] : r.StorageNames),
                r.ConcurrencyStamp,
                UserRules.CapabilitiesOf(actor, r.ToTarget(roles[r.RoleId])))).ToList();
            return new UserPage(items, total, page, pageSize, Capability.From(AccessRules.Require(actor, Permissions.CreateAdditionalUsers)));
        }, cancellationToken);
    }

    /// <summary>The page query of <see cref="ListAsync"/> as SQL (for the benchmark and for reading).</summary>
    public string ListQuerySql(UserConsoleDbContext db, UserListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageQuery(db, query, Math.Max(0, query.Page), Paging.NormalizePageSize(query.PageSize), matches: null).ToQueryString();
    }

    // Sorts and pages the ids alone, then reads the page's rows: the database sorts narrow (key, id) rows instead of
    // whole users, which matters when a search or a sort touches thousands of them.
    // A search alone in username order that matches many users walks the username index instead (no sort at all);
    // a few matches are cheaper to sort than to find along the index.
    private IQueryable<ListRow> PageQuery(UserConsoleDbContext db, UserListQuery query, int page, int pageSize, int? matches)
    {
        var pageIds = PageIds(db, query, page, pageSize, matches);
        return Project(db, Sort(db, db.Users.AsNoTracking().Where(u => pageIds.Contains(u.Id)), query));
    }

    private IQueryable<Guid> PageIds(UserConsoleDbContext db, UserListQuery query, int page, int pageSize, int? matches) =>
        matches >= IndexWalkFrom && OnlyIndexedSearch(query) is var (term, normalized) && query.Sort == UserSortField.UserName
            ? UserSearchSql.PageIdsByUserName(db, term, normalized, query.Descending, page * pageSize, pageSize)
            : Sort(db, Filter(db, query), query).Skip(page * pageSize).Take(pageSize).Select(u => u.Id);

    // The search text and its normalized form when the query is a search the index answers and nothing else.
    private (string Term, string Normalized)? OnlyIndexedSearch(UserListQuery query)
    {
        if (query is not { RoleId: null, Enabled: null, TwoFactorEnabled: null, TwoFactorRequiredNotSetUp: false } || string.IsNullOrWhiteSpace(query.Search))
        {
            return null;
        }

        var term = query.Search.Trim();
        var normalized = normalizer.NormalizeName(term);
        return UserSearchSql.CanUse(term, normalized) ? (term, normalized) : null;
    }

    // A search and nothing else is counted in the search index; anything else counts the filtered users.
    private Task<int> CountAsync(UserConsoleDbContext db, UserListQuery query, CancellationToken cancellationToken) =>
        OnlyIndexedSearch(query) is var (term, normalized)
            ? UserSearchSql.CountAsync(db, term, normalized, cancellationToken)
            : Filter(db, query).CountAsync(cancellationToken);

    private IQueryable<User> Filter(UserConsoleDbContext db, UserListQuery query)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var normalized = normalizer.NormalizeName(term);
            if (UserSearchSql.CanUse(term, normalized))
            {
                // The trigram index finds exactly what the LIKE conditions of the plain query find, without reading every row.
                users = UserSearchSql.Matching(db, term, normalized).AsNoTracking();
            }
            else
            {
                var upper = Paging.ContainsPattern(normalized);
                var plain = Paging.ContainsPattern(term);
                users = users.Where(u =>
                    EF.Functions.Like(u.NormalizedUserName!, upper, "\\")
                    || EF.Functions.Like(u.NormalizedEmail!, upper, "\\")
                    || EF.Functions.Like(u.FullName!, plain, "\\")
                    || EF.Functions.Like(u.Company!, plain, "\\"));
            }
        }

        if (query.RoleId is { } roleId)
        {
            users = users.Where(u => u.RoleId == roleId);
        }

        if (query.Enabled is { } enabled)
        {
            users = users.Where(u => u.IsEnabled == enabled);
        }

        if (query.TwoFactorEnabled is { } twoFactor)
        {
            users = users.Where(twoFactor ? Profile.SecondFactors.Held(db) : Profile.SecondFactors.Missing(db));
        }

        if (query.TwoFactorRequiredNotSetUp)
        {
            users = users.Where(u => u.Role.RequiresTwoFactor).Where(Profile.SecondFactors.Missing(db));
        }

        return users;
    }

    /// <summary>From how many matches a search in username order walks the username index (tests lower it).</summary>
    internal static int IndexWalkFrom { get; set; } = 1_000;

    private static IQueryable<User> Sort(UserConsoleDbContext db, IQueryable<User> users, UserListQuery query)
    {
        var d = query.Descending;
        IOrderedQueryable<User> sorted = query.Sort switch
        {
            // Case-insensitive, as a person reads names ("bob" between "Ann" and "Carl"); SQLite's NOCASE collation.
            // Missing values first, last when descending, stated so that every database sorts them alike.
            UserSortField.FullName => d
                ? users.OrderByDescending(u => u.FullName != null).ThenByDescending(u => EF.Functions.Collate(u.FullName, "NOCASE"))
                : users.OrderBy(u => u.FullName != null).ThenBy(u => EF.Functions.Collate(u.FullName, "NOCASE")),
            UserSortField.Company => d
                ? users.OrderByDescending(u => u.Company != null).ThenByDescending(u => EF.Functions.Collate(u.Company, "NOCASE"))
                : users.OrderBy(u => u.Company != null).ThenBy(u => EF.Functions.Collate(u.Company, "NOCASE")),
            UserSortField.Email => d ? users.OrderByDescending(u => u.NormalizedEmail) : users.OrderBy(u => u.NormalizedEmail),
            UserSortField.Role => d ? users.OrderByDescending(u => u.Role.NormalizedName) : users.OrderBy(u => u.Role.NormalizedName),
            UserSortField.Access => d
                ? users.OrderByDescending(u => u.IsFirstAdmin || u.ProductionServerScope == ScopeMode.All ? int.MaxValue : u.ProductionServers.Count)
                    .ThenByDescending(u => u.IsFirstAdmin || u.StorageServerScope == ScopeMode.All ? int.MaxValue : u.StorageServers.Count)
                : users.OrderBy(u => u.IsFirstAdmin || u.ProductionServerScope == ScopeMode.All ? int.MaxValue : u.ProductionServers.Count)
                    .ThenBy(u => u.IsFirstAdmin || u.StorageServerScope == ScopeMode.All ? int.MaxValue : u.StorageServers.Count),
            UserSortField.TwoFactor => d
                ? users.OrderByDescending(u => u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id))
                : users.OrderBy(u => u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id)),
            UserSortField.Status => d ? users.OrderByDescending(u => u.IsEnabled) : users.OrderBy(u => u.IsEnabled),
            UserSortField.LastSignIn => d
                ? users.OrderByDescending(u => u.LastSignInAt != null).ThenByDescending(u => u.LastSignInAt)
                : users.OrderBy(u => u.LastSignInAt != null).ThenBy(u => u.LastSignInAt),
            _ => d ? users.OrderByDescending(u => u.NormalizedUserName) : users.OrderBy(u => u.NormalizedUserName),
        };

        // A stable order for ties, so that paging never shows a row twice or skips one.
        return query.Sort == UserSortField.UserName ? sorted : sorted.ThenBy(u => u.NormalizedUserName);
    }

    /// <summary>The page's rows; "2FA" is <see cref="Profile.SecondFactors.Held"/> (the app or a passkey).</summary>
    private static IQueryable<ListRow> Project(UserConsoleDbContext db, IQueryable<User> users) => users.Select(u => new ListRow
    {
        Id = u.Id,
        UserName = u.UserName!,
        FullName = u.FullName,
        Company = u.Company,
        Email = u.Email!,
        RoleId = u.RoleId,
        RoleName = u.Role.Name,
        IsFirstAdmin = u.IsFirstAdmin,
        IsEnabled = u.IsEnabled,
        TwoFactorEnabled = u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id),
        LastSignInAt = u.LastSignInAt,
        MustChangePassword = u.MustChangePassword,
        OneTimePasswordIssuedAt = u.OneTimePasswordIssuedAt,
        ProductionServerScope = u.ProductionServerScope,
        StorageServerScope = u.StorageServerScope,
        ServerNames = u.ProductionServers.OrderBy(s => s.ProductionServer!.Name).Select(s => s.ProductionServer!.Name).ToList(),
        StorageNames = u.StorageServers.OrderBy(s => s.StorageServer!.Name).Select(s => s.StorageServer!.Name).ToList(),
        ServerIds = u.ProductionServers.Select(s => s.ProductionServerId).ToList(),
        StorageIds = u.StorageServers.Select(s => s.StorageServerId).ToList(),
        ConcurrencyStamp = u.ConcurrencyStamp!,
    });

    private sealed class ListRow
    {
        public Guid Id { get; init; }

        public string UserName { get; init; } = "";

        public string? FullName { get; init; }

        public string? Company { get; init; }

        public string Email { get; init; } = "";

        public Guid RoleId { get; init; }

        public string RoleName { get; init; } = "";

        public bool IsFirstAdmin { get; init; }

        public bool IsEnabled { get; init; }

        public bool TwoFactorEnabled { get; init; }

        public DateTime? LastSignInAt { get; init; }

        public bool MustChangePassword { get; init; }

        public DateTime? OneTimePasswordIssuedAt { get; init; }

        public ScopeMode ProductionServerScope { get; init; }

        public ScopeMode StorageServerScope { get; init; }

        public List<string> ServerNames { get; init; } = [];

        public List<string> StorageNames { get; init; } = [];

        public string ConcurrencyStamp { get; init; } = "";

        public List<int> ServerIds { get; init; } = [];

        public List<int> StorageIds { get; init; } = [];

        public UserRules.Target ToTarget(IReadOnlySet<string> permissions) => new(Id, UserName, IsFirstAdmin, TwoFactorEnabled, permissions,
            IsFirstAdmin
                ? AccessScope.Everything
                : new AccessScope(
                    ProductionServerScope == ScopeMode.All ? ResourceScope.Everything : ResourceScope.Chosen(ServerIds),
                    StorageServerScope == ScopeMode.All ? ResourceScope.Everything : ResourceScope.Chosen(StorageIds)));
    }
}

namespace UserConsole.Domain.Audit;

/// <summary>What the activity log asks for: a page (zero-based), newest first, optionally only refusals and a
/// search across actor, action and target.</summary>
public sealed record AuditQuery
{
    public int Page { get; init; }

    public int PageSize { get; init; } = 25;

    public string? Search { get; init; }

    /// <summary>Null: every outcome.</summary>
    public AuditOutcome? Outcome { get; init; }
}

public sealed record AuditListItem(
    long Id,
    DateTime At,
    string ActorUserName,
    string? ActorFullName,
    string? ActorCompany,
    string Action,
    string TargetType,
    string? TargetName,
    AuditOutcome Outcome,
    string? ErrorCode,
    IReadOnlyDictionary<string, FieldChange> Changes);

/// <summary>Reads the audit trail (view_activity_log), filtered and paged in the database.</summary>
public sealed class AuditLog(IDbContextFactory<UserConsoleDbContext> contextFactory)
{
    public async Task<Result<PagedResult<AuditListItem>>> ListAsync(ActingUser by, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(query);
        return await contextFactory.ReadAsync(by, Permissions.ViewActivityLog, async (db, _) =>
        {
            var entries = Filter(db.AuditEntries.AsNoTracking(), query);
            var pageSize = Paging.NormalizePageSize(query.PageSize);
            var page = Math.Max(0, query.Page);
            var total = await entries.CountAsync(cancellationToken);
            var rows = await entries.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
            var items = rows.Select(e => new AuditListItem(e.Id, e.At, e.ActorUserName, e.ActorFullName, e.ActorCompany, e.Action, e.TargetType,
                e.TargetName, e.Outcome, e.ErrorCode, ChangeSet.Parse(e.Changes))).ToList();
            return new PagedResult<AuditListItem>(items, total, page, pageSize);
        }, cancellationToken);
    }

    /// <summary>The entries the query's outcome and search select (the page and the export share it).</summary>
    internal static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = Paging.ContainsPattern(query.Search.Trim());
            entries = entries.Where(e =>
                EF.Functions.Like(e.ActorUserName, pattern, "\\")
                || EF.Functions.Like(e.Action, pattern, "\\")
                || EF.Functions.Like(e.TargetName!, pattern, "\\")
                || EF.Functions.Like(e.ErrorCode!, pattern, "\\"));
        }

        return entries;
    }
}

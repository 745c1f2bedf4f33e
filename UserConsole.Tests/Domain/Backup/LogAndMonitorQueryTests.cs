using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

/// <summary>The log filter and paging, the chart's fourteen days, and the scope condition in the SQL of both reads.</summary>
public sealed class LogAndMonitorQueryTests(BackupScopeFixture fixture) : IClassFixture<BackupScopeFixture>
{
    private static readonly PageRequest Everything = new(0, PageRequest.MaxPageSize);

    // The scope's servers as a list in the SQL: "IN (…)" on SQLite, "= ANY (@ids)" on PostgreSQL.
    private const string ScopeCondition = "\"ProductionServerId\" (IN \\(|= ANY \\()";

    [Fact]
    public async Task GetOutcomesPerDayAsync_Always_ReturnsFourteenDaysEndingToday()
    {
        var result = await fixture.Context.GetScoped<MonitorQueries>().GetOutcomesPerDayAsync(
            DomainTestContext.As(fixture.DeletedScope), cancellationToken: TestContext.Current.CancellationToken);

        var today = DateOnly.FromDateTime(fixture.Context.Clock.GetUtcNow().UtcDateTime);
        result.Value.Items.Select(d => d.Day).ShouldBe(Enumerable.Range(0, 14).Select(i => today.AddDays(i - 13)));
        result.Value.Items.ShouldAllBe(d => d.Total == 0);
    }

    [Fact]
    public async Task ListLogsAsync_WithStatusServerAndDates_ReturnsExactlyTheMatchingVisibleLogs()
    {
        var now = fixture.Context.Clock.GetUtcNow().UtcDateTime;
        var server = fixture.World.Servers[1];
        var filter = new LogFilter(JobStatus.Warning, server.Id, DateOnly.FromDateTime(now.AddDays(-12)), DateOnly.FromDateTime(now.AddDays(-3)));
        var all = await BackupWorld.LoadAllAsync(fixture.Context);
        var scope = await fixture.ScopeOfAsync(fixture.ServerScoped);
        var ofServer = all.Schedules.Where(s => s.ProductionServerId == server.Id).Select(s => s.Id).ToHashSet();
        var expected = all.JobLogsIn(scope)
            .Where(j => j.Status == JobStatus.Warning && ofServer.Contains(j.ScheduleId)
                && j.StartedAt >= now.Date.AddDays(-12) && j.StartedAt < now.Date.AddDays(-2))
            .OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id)
            .Select(j => j.Id)
            .ToList();
        expected.ShouldNotBeEmpty();

        var result = await fixture.Context.GetScoped<JobLogQueries>().ListLogsAsync(DomainTestContext.As(fixture.ServerScoped), filter, Everything,
            TestContext.Current.CancellationToken);

        result.Value.Items.Select(j => j.Id).ShouldBe(expected);
        result.Value.TotalCount.ShouldBe(expected.Count);
    }

    [Fact]
    public async Task ListLogsAsync_SecondPage_ContinuesNewestFirst()
    {
        var queries = fixture.Context.GetScoped<JobLogQueries>();
        var by = DomainTestContext.As(fixture.Unscoped);
        var token = TestContext.Current.CancellationToken;

        var both = await queries.ListLogsAsync(by, LogFilter.None, new PageRequest(0, 20), token);
        var first = await queries.ListLogsAsync(by, LogFilter.None, new PageRequest(0, 10), token);
        var second = await queries.ListLogsAsync(by, LogFilter.None, new PageRequest(1, 10), token);

        first.Value.Items.Concat(second.Value.Items).Select(j => j.Id).ShouldBe(both.Value.Items.Select(j => j.Id));
        both.Value.Items.Select(j => j.StartedAt).ShouldBeInOrder(SortDirection.Descending);
        second.Value.TotalCount.ShouldBe(both.Value.TotalCount);
    }

    [Fact]
    public async Task LogsQuery_OfScopedActor_HasTheScopeConditionInItsSql()
    {
        await using var db = await fixture.Context.DbAsync();
        var serverScope = BackupWorld.ScopeOf(fixture.World.Servers.Take(2));
        var bothScope = BackupWorld.ScopeOf(fixture.World.Servers.Take(2), fixture.World.Storages.Take(1));

        var scopedSql = JobLogQueries.LogsQuery(db, serverScope, LogFilter.None).ToQueryString();
        var bothSql = JobLogQueries.LogsQuery(db, bothScope, LogFilter.None).ToQueryString();
        var pageSql = JobLogQueries.PageQuery(db, JobLogQueries.LogsQuery(db, serverScope, LogFilter.None), new PageRequest(0, 25)).ToQueryString();
        var unscopedSql = JobLogQueries.LogsQuery(db, AccessScope.Everything, LogFilter.None).ToQueryString();

        WhereClause(scopedSql).ShouldMatch(ScopeCondition);
        WhereClause(bothSql).ShouldMatch(ScopeCondition);
        WhereClause(bothSql).ShouldMatch("\"StorageServerId\" ((IN \\(|= )@storageIds1|= ANY \\(@storageIds\\))"); // one id is written as "=" on SQLite
        pageSql.ShouldMatch(ScopeCondition);
        pageSql.ShouldContain("LIMIT");
        unscopedSql.ShouldNotContain("\"ProductionServerId\" IN (");
    }

    [Fact]
    public async Task OutcomesQuery_OfScopedActor_GroupsAndFiltersInTheDatabase()
    {
        await using var db = await fixture.Context.DbAsync();
        var scope = BackupWorld.ScopeOf(fixture.World.Servers.Take(2));

        var sql = MonitorQueries.OutcomesQuery(db, scope, new DateOnly(2026, 10, 20)).ToQueryString();

        sql.ShouldMatch(ScopeCondition);
        sql.ShouldContain("GROUP BY");
        sql.ShouldContain("SUM(");
        sql.ShouldContain("FROM \"JobOutcomeDays\"");
    }

    private static string WhereClause(string sql) => sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..];
}

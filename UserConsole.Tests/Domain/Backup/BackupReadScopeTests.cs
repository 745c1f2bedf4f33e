using System.Globalization;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Backup;

/// <summary>Every list, the tree, the logs and each chart, read by actors of different scopes, compared with an
/// independent in-memory filter over all rows (<see cref="AllBackupRows"/>).</summary>
public sealed class BackupReadScopeTests(BackupScopeFixture fixture) : IClassFixture<BackupScopeFixture>
{
    private static readonly PageRequest Everything = new(0, PageRequest.MaxPageSize);

    public static TheoryData<string> Reads => [.. ReadCases.Keys];

    private static readonly Dictionary<string, ReadCase> ReadCases = new(StringComparer.Ordinal)
    {
        ["servers list"] = new(Permissions.ViewServersPage,
            async (ctx, by) => Keys(await ctx.GetScoped<InventoryQueries>().ListServersAsync(by, Everything), p => p.Items.Select(s => s.Name), p => p.TotalCount),
            (all, scope, _) => [.. all.ServersIn(scope).Select(s => s.Name)]),
        ["storages list"] = new(Permissions.ViewStoragesPage,
            async (ctx, by) => Keys(await ctx.GetScoped<InventoryQueries>().ListStoragesAsync(by, Everything), p => p.Items.Select(s => s.Name), p => p.TotalCount),
            (all, scope, _) => [.. all.StoragesIn(scope).Select(s => s.Name)]),
        ["schedules list"] = new(Permissions.ViewSchedulesPage,
            async (ctx, by) => Keys(await ctx.GetScoped<InventoryQueries>().ListSchedulesAsync(by, Everything), p => p.Items.Select(s => s.Name), p => p.TotalCount),
            (all, scope, _) => [.. all.SchedulesIn(scope).Select(s => s.Name)]),
        ["points tree: servers"] = new(Permissions.ViewPointsPage,
            async (ctx, by) => Keys(await ctx.GetScoped<PointService>().ListServersAsync(by), p => p.Items.Select(s => $"{s.Name}:{s.ScheduleCount}")),
            (all, scope, _) => [.. all.ServersIn(scope).Select(s => $"{s.Name}:{all.SchedulesIn(scope).Count(x => x.ProductionServerId == s.Id)}")]),
        ["points tree: schedules"] = new(Permissions.ViewPointsPage, TreeSchedulesAsync,
            (all, scope, _) => [.. all.Servers.SelectMany(server => scope.ProductionServers.Allows(server.Id)
                ? all.SchedulesIn(scope).Where(s => s.ProductionServerId == server.Id).Select(s => $"{s.Name}:{all.PointsIn(scope).Count(p => p.ScheduleId == s.Id)}")
                : [$"{server.Name}: server.not_found"])]),
        ["points tree: points"] = new(Permissions.ViewPointsPage, TreePointsAsync,
            (all, scope, _) => [.. all.Schedules.SelectMany(schedule => all.SchedulesIn(scope).Contains(schedule)
                ? all.Points.Where(p => p.ScheduleId == schedule.Id).Select(p => Id(p.Id))
                : [$"{schedule.Name}: schedule.not_found"])]),
        ["logs"] = new(Permissions.ViewBackupLogsPage,
            async (ctx, by) => Keys(await ctx.GetScoped<JobLogQueries>().ListLogsAsync(by, LogFilter.None, Everything), p => p.Items.Select(j => Id(j.Id)), p => p.TotalCount),
            (all, scope, _) => [.. all.JobLogsIn(scope).Select(j => Id(j.Id))]),
        ["monitor: outcomes per day"] = new(Permissions.ViewMonitorPage,
            async (ctx, by) => Keys(await ctx.GetScoped<MonitorQueries>().GetOutcomesPerDayAsync(by), p => OutcomeKeys(p.Items)),
            ExpectedOutcomes),
        ["monitor: storage use"] = new(Permissions.ViewMonitorPage,
            async (ctx, by) => Keys(await ctx.GetScoped<MonitorQueries>().GetStorageUsageAsync(by), p => p.Items.Select(s => $"{s.Name}:{s.UsedBytes}/{s.CapacityBytes}")),
            (all, scope, _) => [.. all.StoragesIn(scope).Select(s => $"{s.Name}:{s.UsedBytes}/{s.CapacityBytes}")]),
        ["monitor: running jobs"] = new(Permissions.ViewMonitorPage,
            async (ctx, by) => Keys(await ctx.GetScoped<MonitorQueries>().ListRunningJobsAsync(by), p => p.Items.Select(j => Id(j.JobId))),
            (all, scope, _) => [.. all.JobLogsIn(scope).Where(j => j.Status == JobStatus.Started).Select(j => Id(j.Id))]),
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_ActorScopedToTwoServers_GetsExactlyTheirSubset(string read)
    {
        var expected = await ExpectedAsync(read, fixture.ServerScoped);
        var unscoped = await ExpectedAsync(read, fixture.Unscoped);
        expected.ShouldNotBeEmpty();
        if (!read.Contains("storage", StringComparison.Ordinal))
        {
            expected.ShouldNotBe(unscoped, "the scope must hide something for this test to mean anything");
        }

        var (error, keys) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.ServerScoped));

        error.ShouldBeNull();
        keys.ShouldBe(expected, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_ActorScopedToOneStorage_GetsExactlyItsSubset(string read)
    {
        var expected = await ExpectedAsync(read, fixture.StorageScoped);
        var unscoped = await ExpectedAsync(read, fixture.Unscoped);
        expected.ShouldNotBeEmpty();
        if (read != "servers list")
        {
            expected.ShouldNotBe(unscoped, "the scope must hide something for this test to mean anything");
        }

        var (error, keys) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.StorageScoped));

        error.ShouldBeNull();
        keys.ShouldBe(expected, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_UnscopedActor_GetsAll(string read)
    {
        var all = await ExpectedAsync(read, scope: AccessScope.Everything);
        all.ShouldNotBeEmpty();

        var (error, keys) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.Unscoped));
        var (adminError, adminKeys) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.Admin));

        error.ShouldBeNull();
        keys.ShouldBe(all, ignoreOrder: true);
        adminError.ShouldBeNull();
        adminKeys.ShouldBe(all, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_ScopeOfDeletedServers_GetsNone(string read)
    {
        var (error, keys) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.DeletedScope));

        error.ShouldBeNull();
        keys.Where(k => !k.EndsWith("not_found", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_WithoutPagePermission_IsRefusedNamingThePermission(string read)
    {
        var (error, _) = await ReadCases[read].Run(fixture.Context, DomainTestContext.As(fixture.NoPages));

        error.ShouldNotBeNull();
        error.Code.ShouldBe("permission.denied");
        error.Message.ShouldContain(ReadCases[read].Permission);
    }

    [Fact]
    public async Task ScopeSummary_OfDeletedScope_SaysZeroServers()
    {
        var result = await fixture.Context.GetScoped<InventoryQueries>().ListServersAsync(DomainTestContext.As(fixture.DeletedScope), Everything, TestContext.Current.CancellationToken);

        result.Value.Items.ShouldBeEmpty();
        result.Value.Scope.HidesEverything.ShouldBeTrue();
        result.Value.Scope.Describe(storages: false).ShouldBe("Your access is limited to 0 production servers.");
        result.Value.Scope.Describe().ShouldBe("Your access is limited to 0 production servers and 0 storage servers.");
    }

    [Fact]
    public async Task ScopeSummary_OfUnscopedActor_SaysNothing()
    {
        var result = await fixture.Context.GetScoped<InventoryQueries>().ListServersAsync(DomainTestContext.As(fixture.Unscoped), Everything, TestContext.Current.CancellationToken);

        result.Value.Scope.IsLimited.ShouldBeFalse();
        result.Value.Scope.Describe().ShouldBeNull();
    }

    private async Task<List<string>> ExpectedAsync(string read, User? user = null, AccessScope? scope = null)
    {
        scope ??= await fixture.ScopeOfAsync(user!);
        var all = await BackupWorld.LoadAllAsync(fixture.Context);
        return ReadCases[read].Expected(all, scope, fixture.Context.Clock.GetUtcNow().UtcDateTime);
    }

    private static List<string> ExpectedOutcomes(AllBackupRows all, AccessScope scope, DateTime now)
    {
        var first = now.Date.AddDays(1 - MonitorQueries.DefaultDays);
        var finished = all.JobLogsIn(scope).Where(j => j.StartedAt >= first && j.Status != JobStatus.Started).ToList();
        return OutcomeKeys(Enumerable.Range(0, MonitorQueries.DefaultDays).Select(i => first.AddDays(i)).Select(day =>
        {
            var ofDay = finished.Where(j => j.StartedAt.Date == day).ToList();
            return new DayOutcomes(DateOnly.FromDateTime(day), ofDay.Count(j => j.Status == JobStatus.Completed),
                ofDay.Count(j => j.Status == JobStatus.Warning), ofDay.Count(j => j.Status == JobStatus.Error));
        }));
    }

    // Days on which something finished (an empty chart has 14 days of zeros).
    private static List<string> OutcomeKeys(IEnumerable<DayOutcomes> days) =>
        [.. days.Where(d => d.Total > 0).Select(d => $"{d.Day:yyyy-MM-dd} {d.Completed}/{d.Warning}/{d.Error}")];

    private static async Task<(DomainError? Error, List<string> Keys)> TreeSchedulesAsync(DomainTestContext ctx, ActingUser by)
    {
        var points = ctx.GetScoped<PointService>();
        var all = await BackupWorld.LoadAllAsync(ctx);
        var keys = new List<string>();
        foreach (var server in all.Servers)
        {
            var result = await points.ListSchedulesAsync(by, server.Id);
            if (result.Error is { Code: "permission.denied" } denied)
            {
                return (denied, []);
            }

            keys.AddRange(result.Succeeded ? result.Value.Select(s => $"{s.Name}:{s.PointCount}") : [$"{server.Name}: {result.Error!.Code}"]);
        }

        return (null, keys);
    }

    private static async Task<(DomainError? Error, List<string> Keys)> TreePointsAsync(DomainTestContext ctx, ActingUser by)
    {
        var points = ctx.GetScoped<PointService>();
        var all = await BackupWorld.LoadAllAsync(ctx);
        var keys = new List<string>();
        foreach (var schedule in all.Schedules)
        {
            var result = await points.ListPointsAsync(by, schedule.Id);
            if (result.Error is { Code: "permission.denied" } denied)
            {
                return (denied, []);
            }

            keys.AddRange(result.Succeeded ? result.Value.Select(p => Id(p.Id)) : [$"{schedule.Name}: {result.Error!.Code}"]);
        }

        return (null, keys);
    }

    // The keys of a successful read, checking that a paged list's total matches its rows (all fit in one page here).
    private static (DomainError? Error, List<string> Keys) Keys<T>(Result<T> result, Func<T, IEnumerable<string>> keys, Func<T, int>? total = null)
    {
        if (!result.Succeeded)
        {
            return (result.Error, []);
        }

        var list = keys(result.Value).ToList();
        if (total is not null)
        {
            total(result.Value).ShouldBe(list.Count);
        }

        return (null, list);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record ReadCase(
        string Permission,
        Func<DomainTestContext, ActingUser, Task<(DomainError? Error, List<string> Keys)>> Run,
        Func<AllBackupRows, AccessScope, DateTime, List<string>> Expected);
}

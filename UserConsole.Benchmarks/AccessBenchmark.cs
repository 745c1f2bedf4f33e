using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Access;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Operations;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Benchmarks;

/// <summary>Access you can see at scale: the logs benchmark's estate (200 production servers, 1,000,000 job logs) plus
/// 10,000 users, 3,000 of them holding one role. Times effective access for one user, "who can see this server", the
/// impact of a change to the role held by 3,000 users, the access review's first page and its full CSV, each through
/// the domain and as the same SQL replayed.</summary>
internal static class AccessBenchmark
{
    public static async Task RunAsync(TextWriter output, int jobLogs, int servers, int users)
    {
        await using var logs = await LogBenchmark.CreateAsync(jobLogs, servers);
        var database = logs.Database;
        var now = DateTime.UtcNow;
        Guid heldRole;
        int serverId;
        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            var role = new Role("Support", null, now) { NormalizedName = "SUPPORT" };
            role.SetPermissions([Permissions.ViewUsersPage, Permissions.ViewServersPage, Permissions.ViewSchedulesPage, Permissions.RunSchedule]);
            var viewers = new Role("Viewer", null, now) { NormalizedName = "VIEWER" };
            viewers.SetPermissions([Permissions.ViewUsersPage]);
            db.Roles.AddRange(role, viewers);
            await db.SaveChangesAsync();
            heldRole = role.Id;
            await UserListBenchmark.InsertUsersAsync(database, 3_000, role.Id, "support", now);
            await UserListBenchmark.InsertUsersAsync(database, users - 3_000, viewers.Id, "viewer", now);
            serverId = await db.ProductionServers.OrderBy(s => s.Id).Skip(7).Select(s => s.Id).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }

        var clock = TimeProvider.System;
        var operations = new OperationFactory(database.Contexts, new NoChangePublisher(), clock, new FixedSecurityPolicy(SecurityPolicy.Default));
        var explorer = new AccessExplorer(database.Contexts);
        var roles = new RoleAdministration(database.Contexts, operations, new RoleInputValidator(), new UpdateRoleInputValidator(), new UpperInvariantLookupNormalizer());
        var review = new AccessReview(database.Contexts, operations, clock, Options.Create(new AccessReviewOptions()));
        var (scoped, unscoped) = logs.Operators;
        var admin = new ActingUser(unscoped);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UserConsole access: {users:N0} users (3,000 holding role Support), {servers} production servers, {jobLogs:N0} job logs, SQLite file (WAL)."));
        output.WriteLine($"Median of {Measure.Runs} runs after {Measure.Warmup} warm-up runs; service = the domain call, bare SQL = the same commands replayed. Target: 50 ms each, 2 s for the full CSV.");
        output.WriteLine();
        output.WriteLine($"{"",-52}{"service",-12}{"bare SQL",-12}{"result",-20}");
        foreach (var (name, call) in new (string, Func<Task<string>>)[]
        {
            ("Effective access, operator scoped to 5 servers", async () => Describe((await explorer.GetEffectiveAccessAsync(admin, scoped)).Value)),
            ("Effective access, user with all servers", async () => Describe((await explorer.GetEffectiveAccessAsync(admin, unscoped)).Value)),
            ("Who can see server-008", async () => (await explorer.WhoCanSeeAsync(admin, AccessTargetKind.ProductionServer, serverId)).Value.CanSeeCount.ToString("N0", CultureInfo.InvariantCulture) + " can"),
            ("Impact of a change to the role of 3,000 users", async () =>
                (await roles.GetImpactAsync(admin, heldRole, [Permissions.ViewUsersPage, Permissions.ViewServersPage, Permissions.ViewSchedulesPage, Permissions.DeleteServers])).Value.Holders.ToString("N0", CultureInfo.InvariantCulture) + " users"),
            ("Access review, first page (25)", async () => (await review.ListAsync(admin, new AccessReviewQuery())).Value.TotalCount.ToString("N0", CultureInfo.InvariantCulture) + " users"),
            ("Access review, full CSV (audited)", async () =>
            {
                var started = await review.StartExportAsync(admin, new AccessReviewQuery());
                await using var sink = new MemoryStream();
                await started.Value(sink, CancellationToken.None);
                return string.Create(CultureInfo.InvariantCulture, $"{sink.Length / 1024:N0} KB");
            }),
        })
        {
            var (median, result, commands) = await Measure.ServiceAsync(database.Recorder, call, c => !c.Sql.StartsWith("INSERT", StringComparison.Ordinal));
            output.WriteLine($"{name,-52}{Measure.Ms(median),-12}{Measure.Ms(await Measure.BareSqlAsync(database, commands)),-12}{result,-20}");
        }
    }

    private static string Describe(EffectiveAccess access) =>
        string.Create(CultureInfo.InvariantCulture, $"{access.Permissions.Count(p => p.Verdict.Allowed)} allowed, {access.Servers.InScopeCount} servers");
}

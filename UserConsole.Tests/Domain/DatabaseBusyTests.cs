using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Another writer (a second connection, here a second process would do the same) holds the write lock (SQLite's,
/// or PostgreSQL's advisory write lock)
/// for 2 seconds: an operation waits for it up to the busy timeout, then says "The database is busy, try again"
/// with nothing written.</summary>
public sealed class DatabaseBusyTests
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CreateRole_WhileAnotherWriterHoldsTheLockPastTheTimeout_IsBusyAndWritesNothing()
    {
        await using var context = await DomainTestContext.CreateAsync(busyTimeoutSeconds: 1);
        var admin = await context.BootstrapAsync();
        var before = await DatabaseSnapshot.TakeAsync(context.Database, []);
        var token = TestContext.Current.CancellationToken;

        var watch = Stopwatch.StartNew();
        Result<Guid> result;
        await using (await HoldWriteLockAsync(context))
        {
            result = await context.GetScoped<RoleAdministration>().CreateAsync(DomainTestContext.As(admin), NightOps(), token);
        }

        result.Error.ShouldBe(DatabaseErrors.Busy);
        result.Error!.Message.ShouldBe("The database is busy, try again.");
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.9), "the operation waited for the busy timeout");
        (await DatabaseSnapshot.TakeAsync(context.Database, [])).ShouldBe(before);
    }

    [Fact]
    public async Task CreateRole_WhileAnotherWriterHoldsTheLockWithinTheTimeout_WaitsAndSucceeds()
    {
        await using var context = await DomainTestContext.CreateAsync(busyTimeoutSeconds: DatabaseErrors.DefaultBusyTimeoutSeconds);
        var admin = await context.BootstrapAsync();
        var token = TestContext.Current.CancellationToken;

        var watch = Stopwatch.StartNew();
        Result<Guid> result;
        await using (await HoldWriteLockAsync(context))
        {
            result = await context.GetScoped<RoleAdministration>().CreateAsync(DomainTestContext.As(admin), NightOps(), token);
        }

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5), "the operation waited for the other writer");
        await using var db = await context.DbAsync();
        (await db.Roles.CountAsync(r => r.Name == "Night ops", token)).ShouldBe(1);
    }

    private static RoleInput NightOps() => new() { Name = "Night ops", Permissions = [Permissions.ViewMonitorPage] };

    // A second connection takes the write lock and lets it go two seconds later, whatever the caller does meanwhile;
    // disposing waits for that.
    private static async Task<LockHolder> HoldWriteLockAsync(DomainTestContext context)
    {
        var connection = await context.OpenConnectionAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = TestProvider.IsPostgres ? $"BEGIN; SELECT pg_advisory_xact_lock({PostgresWriteLock.Key});" : "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        return new LockHolder(Task.Run(async () =>
        {
            await Task.Delay(Held);
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }));
    }

    private sealed class LockHolder(Task released) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await released;
    }
}

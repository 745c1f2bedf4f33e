using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The database turns read-only while the app runs: a save answers with a clear message and writes
/// nothing, reads still work, and /health is unhealthy until it can be written again.
/// <para>The tests run as root in CI, which a chmod does not stop, so the file is made read-only the way SQLite
/// itself sees it: every connection opened from then on has <c>PRAGMA query_only</c> on and gets SQLITE_READONLY
/// for a write, as a read-only file gives.</para></summary>
public sealed class ReadOnlyDatabaseTests : IClassFixture<ReadOnlyDatabaseTests.Factory>
{
    private readonly Factory _factory;

    public ReadOnlyDatabaseTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task Save_WhenTheDatabaseIsReadOnly_SaysSoWritesNothingAndHealthIsUnhealthy()
    {
        var token = TestContext.Current.CancellationToken;
        using var client = _factory.CreateClient();
        await _factory.PrepareAdminAsync(TestPasswords.Strong);
        using var scope = _factory.Services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        Guid adminId;
        await using (var db = await contexts.CreateDbContextAsync(token))
        {
            adminId = await db.Users.Where(u => u.IsFirstAdmin).Select(u => u.Id).SingleAsync(token);
        }

        var admin = new ActingUser(adminId);
        (await client.GetAsync(new Uri("/health", UriKind.Relative), token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _factory.ReadOnly.Enabled = true;
        try
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleAdministration>();
            var result = await roles.CreateAsync(admin, new RoleInput { Name = "Night ops", Permissions = [Permissions.ViewMonitorPage] }, token);

            result.Error.ShouldBe(DatabaseErrors.ReadOnly);
            result.Error!.Message.ShouldStartWith("The database cannot be written");
            var users = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(admin, new UserListQuery(), token);
            users.Value.TotalCount.ShouldBe(1);
            var health = await client.GetAsync(new Uri("/health", UriKind.Relative), token);
            health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await health.Content.ReadAsStringAsync(token)).ShouldBe("Unhealthy");
        }
        finally
        {
            _factory.ReadOnly.Enabled = false;
        }

        (await client.GetAsync(new Uri("/health", UriKind.Relative), token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var check = await contexts.CreateDbContextAsync(token);
        (await check.Roles.CountAsync(r => r.Name == "Night ops", token)).ShouldBe(0);
    }

    public sealed class Factory : UserConsoleFactory
    {
        public ReadOnlySwitch ReadOnly { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureDbContext<UserConsoleDbContext>(options => options.AddInterceptors(ReadOnly));
                services.ConfigureDbContext<PostgresUserConsoleDbContext>(options => options.AddInterceptors(ReadOnly));
            });
        }
    }

    /// <summary>While enabled, every connection opened is read-only (SQLite's query_only; on PostgreSQL a read-only
    /// session, as a standby or a read-only account gives).</summary>
    public sealed class ReadOnlySwitch : DbConnectionInterceptor
    {
        public bool Enabled { get; set; }

        private string Sql => TestProvider.IsPostgres
            ? $"SET SESSION CHARACTERISTICS AS TRANSACTION {(Enabled ? "READ ONLY" : "READ WRITE")};"
            : Enabled ? "PRAGMA query_only = 1;" : "PRAGMA query_only = 0;";

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            ArgumentNullException.ThrowIfNull(connection);
            using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.ExecuteNonQuery();
        }
    }
}

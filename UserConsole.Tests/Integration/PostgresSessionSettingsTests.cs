using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Integration;

/// <summary>The console's PostgreSQL sessions run without the server's JIT compiler: with it, a 2 ms users-list read
/// was compiled for 0.9 s, which made another instance's open list show a change 1–3 s late.</summary>
public sealed class PostgresSessionSettingsTests
{
    [Fact]
    public async Task TheConsolesConnections_RunWithoutJit()
    {
        TestProvider.SkipUnlessPostgres("a PostgreSQL server setting");
        await using var ctx = await DomainTestContext.CreateAsync();
        await using var db = await ctx.DbAsync();

        (await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync()).ShouldBe("off");
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=uc", "-c jit=off")]
    [InlineData("Host=127.0.0.1;Database=uc;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off")]
    [InlineData("Host=127.0.0.1;Database=uc;Options=-c jit=on", "-c jit=on")]
    public void AConfiguredJitSetting_IsKept_OtherwiseJitIsTurnedOff(string configured, string options)
    {
        var settings = new DatabaseSettings(DatabaseProvider.PostgreSQL, configured);

        new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Options.ShouldBe(options);
        new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=x.db").ConnectionString.ShouldBe("Data Source=x.db");
    }
}

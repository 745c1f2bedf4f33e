using Microsoft.EntityFrameworkCore.Design;

namespace UserConsole.Domain.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<UserConsoleDbContext>
{
    public UserConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets `dotnet ef migrations add … --context PostgresUserConsoleDbContext` build the PostgreSQL context
/// (adding a migration never connects).</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresUserConsoleDbContext>
{
    public PostgresUserConsoleDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.PostgresOptions(new DbContextOptionsBuilder<PostgresUserConsoleDbContext>(), "Host=localhost;Database=userconsole_design").Options);
}

using Microsoft.EntityFrameworkCore.Design;

namespace UserConsole.Domain.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<UserConsoleDbContext>
{
    public UserConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

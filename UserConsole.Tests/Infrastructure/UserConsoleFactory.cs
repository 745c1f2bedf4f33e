using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Infrastructure;

/// <summary>The app in memory (WebApplicationFactory) on its own temporary database: a SQLite file, or on a
/// PostgreSQL run (<see cref="TestProvider"/>) a database of its own on the test cluster.</summary>
public class UserConsoleFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uc-web", Guid.NewGuid().ToString("N"));

    /// <summary>Configuration for this instance (override to change lockout or rate limits).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The app's database on a PostgreSQL run; null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("UserConsole:DataFolder", _folder);
        builder.UseSetting("UserConsole:DemoData", "false");
        if (TestProvider.IsPostgres)
        {
            PostgresConnectionString ??= TestPostgres.Shared.CreateDatabaseAsync().GetAwaiter().GetResult();
            builder.UseSetting(DatabaseSettings.ProviderKey, nameof(DatabaseProvider.PostgreSQL));
            builder.UseSetting("ConnectionStrings:UserConsole", PostgresConnectionString);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Gives the first admin a known password and returns their name: a chosen one (no forced change), or
    /// with <paramref name="oneTime"/> a generated one that must be replaced at sign-in, issued at
    /// <paramref name="issuedAt"/> (now by default).</summary>
    public async Task<string> PrepareAdminAsync(string password, bool oneTime = false, DateTime? issuedAt = null)
    {
        using var scope = Services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        await using var db = await contexts.CreateDbContextAsync();
        var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
        var hash = hasher.HashPassword(admin, password);
        if (oneTime)
        {
            admin.SetGeneratedPassword(hash, issuedAt ?? DateTime.UtcNow);
        }
        else
        {
            admin.SetChosenPassword(hash);
        }
        await db.SaveChangesAsync();
        return admin.UserName!;
    }

    /// <summary>Ends every session of the user, as a disable or a password reset does.</summary>
    public async Task RotateSecurityStampAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        user.RotateSecurityStamp();
        await db.SaveChangesAsync();
    }

    public async Task<User> FindUserAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // temp folder
        }

        GC.SuppressFinalize(this);
    }
}

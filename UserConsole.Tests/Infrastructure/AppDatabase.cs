using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Infrastructure;

/// <summary>The database of a running <see cref="AppProcess"/>, with the domain services over it. Browser tests
/// arrange accounts here, and act through the domain as another user where the page for it is not part of the
/// test. Its Data Protection keys are not the app's: it cannot read or write protected 2FA secrets.</summary>
public sealed class AppDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AppDatabase(ServiceProvider services) => _services = services;

    public static AppDatabase Open(AppProcess app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddUserConsoleDomain(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(app.DataFolder, "userconsole.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        return new AppDatabase(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
    }

    /// <summary>A scope for resolving domain services (they are scoped, as in the app).</summary>
    public AsyncServiceScope CreateScope() => _services.CreateAsyncScope();

    /// <summary>Gives the first admin a chosen password (no forced change) and returns their id.</summary>
    public async Task<Guid> PrepareAdminAsync(string password)
    {
        await using var scope = CreateScope();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        await using var db = await ContextAsync(scope);
        var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
        admin.SetChosenPassword(hasher.HashPassword(admin, password));
        admin.RotateSecurityStamp();
        await db.SaveChangesAsync();
        return admin.Id;
    }

    /// <summary>A user with a chosen password and a role of their own holding <paramref name="permissions"/>.</summary>
    public async Task<Guid> CreateUserAsync(string userName, string password, params string[] permissions)
    {
        await using var scope = CreateScope();
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        await using var db = await ContextAsync(scope);
        var now = DateTime.UtcNow;
        var role = new Role($"{userName} role", null, now) { NormalizedName = normalizer.NormalizeName($"{userName} role") };
        role.SetPermissions(permissions);
        var email = $"{userName}@example.test";
        var user = new User(userName, email, role.Id, now)
        {
            NormalizedUserName = normalizer.NormalizeName(userName),
            NormalizedEmail = normalizer.NormalizeEmail(email),
        };
        user.SetChosenPassword(hasher.HashPassword(user, password));
        db.Roles.Add(role);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<User> FindUserAsync(Guid id)
    {
        await using var scope = CreateScope();
        await using var db = await ContextAsync(scope);
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private static Task<UserConsoleDbContext> ContextAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

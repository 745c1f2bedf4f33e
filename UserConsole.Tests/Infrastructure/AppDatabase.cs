using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Infrastructure;

/// <summary>The domain over a running app's own database file (<see cref="AppProcess.DataFolder"/>), for arranging
/// what a browser test needs without a UI of its own (roles and users are administered on the Users page, which is
/// built separately). SQLite in WAL mode lets the app and the test write to the same file.</summary>
public sealed class AppDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AppDatabase(ServiceProvider services) => _services = services;

    public IDbContextFactory<UserConsoleDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();

    public static AppDatabase Open(AppProcess app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddUserConsoleDomain(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(app.DataFolder, "userconsole.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        return new AppDatabase(services.BuildServiceProvider());
    }

    public async Task<Role> CreateRoleAsync(string name, params string[] permissions)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var role = new Role(name, $"{name} (arranged by a browser test)", DateTime.UtcNow) { NormalizedName = name.ToUpperInvariant() };
        role.SetPermissions(permissions);
        db.Roles.Add(role);
        await db.SaveChangesAsync();
        return role;
    }

    /// <summary>A user who signs in with <paramref name="password"/> directly (no forced change).</summary>
    public async Task<User> CreateUserAsync(string userName, Role role, AccessScope scope, string password)
    {
        ArgumentNullException.ThrowIfNull(role);
        await using var db = await Contexts.CreateDbContextAsync();
        var email = $"{userName}@example.test";
        var user = new User(userName, email, role.Id, DateTime.UtcNow)
        {
            NormalizedUserName = userName.ToUpperInvariant(),
            NormalizedEmail = email.ToUpperInvariant(),
        };
        user.SetScope(scope);
        using (var scopeServices = _services.CreateScope())
        {
            user.SetChosenPassword(scopeServices.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password));
        }

        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task<ProductionServer> CreateServerAsync(string name)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var server = new ProductionServer(name, $"{name}.example.test", "Debian 12", ServerStatus.Online, DateTime.UtcNow);
        db.ProductionServers.Add(server);
        await db.SaveChangesAsync();
        return server;
    }

    public async Task<StorageServer> CreateStorageAsync(string name, long capacityBytes, long usedBytes)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var storage = new StorageServer(name, StorageKind.Linux, capacityBytes, usedBytes, DateTime.UtcNow);
        db.StorageServers.Add(storage);
        await db.SaveChangesAsync();
        return storage;
    }

    /// <summary>A schedule with finished runs at the given times (a point for each successful one). Its cron
    /// (January 1st) keeps the simulator from starting it during a test.</summary>
    public async Task<Schedule> CreateScheduleAsync(ProductionServer server, StorageServer storage, string name, IEnumerable<(DateTime Start, JobStatus Outcome)> runs)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(runs);
        await using var db = await Contexts.CreateDbContextAsync();
        var schedule = new Schedule(name, server.Id, storage.Id, BackupType.Files, "0 0 1 1 *", 30, enabled: true, DateTime.UtcNow.AddDays(-30));
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync();
        foreach (var (start, outcome) in runs.OrderBy(r => r.Start))
        {
            var job = schedule.StartJob(start, "Started on schedule (0 0 1 1 *, UTC).");
            job.AppendLine($"Scanning /srv on {server.Name}.");
            schedule.FinishJob(job, start.AddMinutes(5), outcome, $"{outcome} (arranged by a browser test).");
            db.JobLogs.Add(job);
            if (outcome != JobStatus.Error)
            {
                db.BackupPoints.Add(new BackupPoint(schedule.Id, start.AddMinutes(5), 2_000_000_000, PointType.Full));
            }
        }

        await db.SaveChangesAsync();
        return schedule;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

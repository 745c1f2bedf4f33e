using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Benchmarks.Load;

/// <summary>What the load benchmark arranges in the running app's database (after its first start created the
/// first admin): the admin's chosen password, a "Viewer" role and 60 users, of which 5 are attacked and 6 sign in
/// legitimately. Passwords are random and stay in memory; none is printed.</summary>
internal sealed class LoadWorld
{
    public const string AdminUserName = Installation.FirstAdminUserName;

    private readonly string _connectionString;

    private LoadWorld(string connectionString) => _connectionString = connectionString;

    public string AdminPassword { get; } = LoadBenchmark.NewPassword();

    public string UserPassword { get; } = LoadBenchmark.NewPassword();

    public IReadOnlyList<string> Attacked { get; } = [.. Enumerable.Range(1, 5).Select(i => Name("attacked", i))];

    public IReadOnlyList<string> Legitimate { get; } = [.. Enumerable.Range(1, 6).Select(i => Name("person", i))];

    public int UserCount { get; private set; }

    public static async Task<LoadWorld> SeedAsync(string databasePath)
    {
        var world = new LoadWorld(new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        var hasher = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions { IterationCount = DomainServiceCollectionExtensions.PasswordHashIterations }));
        var normalizer = new UpperInvariantLookupNormalizer();
        await using var db = world.Open();
        var now = DateTime.UtcNow;
        var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
        admin.SetChosenPassword(hasher.HashPassword(admin, world.AdminPassword));
        var viewer = new Role("Viewer", "Sees the users page", now) { NormalizedName = normalizer.NormalizeName("Viewer") };
        viewer.SetPermissions([Permissions.ViewUsersPage]);
        db.Roles.Add(viewer);
        var userHash = hasher.HashPassword(null!, world.UserPassword);
        var names = world.Attacked.Concat(world.Legitimate).Concat(Enumerable.Range(1, 49).Select(i => Name("colleague", i)));
        foreach (var name in names)
        {
            var email = name + "@load.example";
            var user = new User(name, email, viewer.Id, now) { NormalizedUserName = normalizer.NormalizeName(name), NormalizedEmail = normalizer.NormalizeEmail(email) };
            user.SetDetails("Load " + name, "Bench Ltd");
            user.SetScope(AccessScope.Everything);
            user.SetChosenPassword(userHash);
            db.Users.Add(user);
        }

        await db.SaveChangesAsync();
        world.UserCount = await db.Users.CountAsync();
        return world;
    }

    /// <summary>How many of the attacked accounts are locked out now.</summary>
    public async Task<int> LockedAttackedAsync()
    {
        await using var db = Open();
        var now = DateTimeOffset.UtcNow;
        var attacked = await db.Users.AsNoTracking().Where(u => Attacked.Contains(u.UserName!)).ToListAsync();
        return attacked.Count(u => u.LockoutEnd > now);
    }

    private UserConsoleDbContext Open() => new(new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite(_connectionString).Options);

    private static string Name(string kind, int i) => kind + "-" + i.ToString("00", CultureInfo.InvariantCulture);
}

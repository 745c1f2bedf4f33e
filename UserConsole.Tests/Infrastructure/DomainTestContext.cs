using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Real domain services over a real, migrated database: a SQLite file in a temporary folder, or a database
/// of its own on the test run's PostgreSQL cluster (<see cref="TestProvider"/>); one per test class (or per test). Seeding helpers write directly through the DbContext so that each test arranges exactly
/// the state it needs; the services under test are resolved from <see cref="Services"/>.</summary>
public sealed class DomainTestContext : IAsyncDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> HashCache = new(StringComparer.Ordinal);
    private readonly string _folder;
    private readonly string _databasePath;
    private readonly bool _ownsFolder;

    private DomainTestContext(string folder, string databasePath, bool ownsFolder, ServiceProvider services, FakeTimeProvider clock, RecordingChangePublisher changes, LogCapture logs)
    {
        Database = services.GetRequiredService<DatabaseSettings>();
        _folder = folder;
        _databasePath = databasePath;
        _ownsFolder = ownsFolder;
        Services = services;
        Clock = clock;
        Changes = changes;
        Logs = logs;
    }

    /// <summary>Every log line written during the test, at every level (EF Core's SQL included).</summary>
    public LogCapture Logs { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingChangePublisher Changes { get; }

    /// <summary>The SQLite file (SQLite runs only).</summary>
    public string DatabasePath => _databasePath;

    /// <summary>The database the services use (provider and connection string).</summary>
    public DatabaseSettings Database { get; }

    public IDbContextFactory<UserConsoleDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<UserConsoleDbContext>>();

    public ILookupNormalizer Normalizer => Services.GetRequiredService<ILookupNormalizer>();

    /// <param name="busyTimeoutSeconds">How long a write waits for another writer's lock.</param>
    public static Task<DomainTestContext> CreateAsync(Action<IServiceCollection>? configure = null, int busyTimeoutSeconds = 30)
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return OpenAsync(folder, Path.Combine(folder, "test.db"), ownsFolder: true, configure, busyTimeoutSeconds);
    }

    /// <summary>Domain services over the database of a running app (browser tests arrange data this way); the
    /// database is left in place on dispose.</summary>
    public static Task<DomainTestContext> AttachAsync(string databasePath, Action<IServiceCollection>? configure = null) =>
        OpenAsync(Path.GetDirectoryName(databasePath)!, databasePath, ownsFolder: false, configure);

    /// <summary>Fresh domain services over the same database as <paramref name="other"/>, whichever the provider (a
    /// second process, or the same one restarted); the database is left in place on dispose.</summary>
    public static Task<DomainTestContext> AttachAsync(DomainTestContext other, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        return OpenAsync(Path.GetDirectoryName(other.DatabasePath)!, other.DatabasePath, ownsFolder: false, configure, settings: other.Database);
    }

    /// <summary>Domain services over a PostgreSQL database that running app processes share (the two-instance browser
    /// tests arrange data this way); the database is left in place on dispose.</summary>
    public static Task<DomainTestContext> AttachAsync(DatabaseSettings database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var folder = Path.Combine(Path.GetTempPath(), "uc-tests");
        return OpenAsync(folder, Path.Combine(folder, "(postgresql)"), ownsFolder: false, configure: null, settings: database);
    }

    private static async Task<DomainTestContext> OpenAsync(string folder, string databasePath, bool ownsFolder, Action<IServiceCollection>? configure,
        int busyTimeoutSeconds = 30, DatabaseSettings? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var changes = new RecordingChangePublisher();
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IChangePublisher>(changes);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddUserConsoleDomain(settings ?? (ownsFolder && TestProvider.IsPostgres
            ? new DatabaseSettings(DatabaseProvider.PostgreSQL, await TestPostgres.Shared.CreateDatabaseAsync(), busyTimeoutSeconds)
            : new DatabaseSettings(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, DefaultTimeout = busyTimeoutSeconds }.ToString(), busyTimeoutSeconds)));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return new DomainTestContext(folder, databasePath, ownsFolder, provider, clock, changes, logs);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A scoped service (domain services are scoped, as in the app).</summary>
    public T GetScoped<T>()
        where T : notnull
    {
        var scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async Task<UserConsoleDbContext> DbAsync() => await Contexts.CreateDbContextAsync();

    /// <summary>Creates the first admin role and user, as a first start does; returns the admin.</summary>
    public async Task<User> BootstrapAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Installation>().BootstrapAsync();
        await using var db = await DbAsync();
        var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
        await SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
        return admin;
    }

    public async Task<Role> CreateRoleAsync(string name, params string[] permissions)
    {
        await using var db = await DbAsync();
        var role = new Role(name, $"{name} role", Clock.GetUtcNow().UtcDateTime) { NormalizedName = Normalizer.NormalizeName(name) };
        role.SetPermissions(permissions);
        db.Roles.Add(role);
        await db.SaveChangesAsync();
        return role;
    }

    /// <summary>A signed-in-able user with a chosen password (no forced change), the given role and scope.</summary>
    public async Task<User> CreateUserAsync(
        string userName,
        Role role,
        AccessScope? scope = null,
        string? email = null,
        string? fullName = null,
        string? company = null,
        bool enabled = true)
    {
        await using var db = await DbAsync();
        email ??= $"{userName}@example.test";
        var user = new User(userName, email, role.Id, Clock.GetUtcNow().UtcDateTime)
        {
            NormalizedUserName = Normalizer.NormalizeName(userName),
            NormalizedEmail = Normalizer.NormalizeEmail(email),
        };
        user.SetDetails(fullName, company);
        user.SetScope(scope ?? AccessScope.Everything);
        user.SetChosenPassword(HashOf(TestPasswords.Strong));
        if (!enabled)
        {
            user.Disable();
        }

        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task SetChosenPasswordAsync(Guid userId, string password)
    {
        await using var db = await DbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.SetChosenPassword(HashOf(password));
        await db.SaveChangesAsync();
    }

    public async Task<ProductionServer> CreateServerAsync(string name)
    {
        await using var db = await DbAsync();
        var server = new ProductionServer(name, $"{name.ToLowerInvariant()}.example.test", "Ubuntu 24.04", ServerStatus.Online, Clock.GetUtcNow().UtcDateTime);
        db.ProductionServers.Add(server);
        await db.SaveChangesAsync();
        return server;
    }

    public async Task<StorageServer> CreateStorageAsync(string name, long capacityBytes = 10L << 40, long usedBytes = 1L << 40)
    {
        await using var db = await DbAsync();
        var storage = new StorageServer(name, StorageKind.Linux, capacityBytes, usedBytes, Clock.GetUtcNow().UtcDateTime);
        db.StorageServers.Add(storage);
        await db.SaveChangesAsync();
        return storage;
    }

    /// <summary>A schedule with finished runs at the given (real) times, a point for each successful one. Its cron
    /// (January 1st) keeps a running simulator from starting it during a test.</summary>
    public async Task<Schedule> CreateScheduleAsync(ProductionServer server, StorageServer storage, string name, IEnumerable<(DateTime Start, JobStatus Outcome)> runs)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(runs);
        await using var db = await DbAsync();
        var schedule = new Schedule(name, server.Id, storage.Id, BackupType.Files, "0 0 1 1 *", 30, enabled: true, DateTime.UtcNow.AddDays(-30));
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync();
        foreach (var (start, outcome) in runs.OrderBy(r => r.Start))
        {
            var job = schedule.StartJob(start, "Started on schedule (0 0 1 1 *, UTC).");
            job.AppendLine($"Scanning /srv on {server.Name}.");
            schedule.FinishJob(job, start.AddMinutes(5), outcome, $"{outcome} (arranged by a test).");
            db.JobLogs.Add(job);
            if (outcome != JobStatus.Error)
            {
                db.BackupPoints.Add(new BackupPoint(schedule.Id, start.AddMinutes(5), 2_000_000_000, PointType.Full));
            }
        }

        await db.SaveChangesAsync();
        return schedule;
    }

    public static ActingUser As(User user) => new(user.Id);

    /// <summary>The user acting from a signed-in session in which they just passed "Confirm it's you" with their
    /// password (a real session and the real confirmation, audited): what sensitive administration needs.</summary>
    public async Task<ActingUser> ProvenAsync(User user, string password = TestPasswords.Strong)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sessionId = await GetScoped<UserConsole.Domain.Sessions.SessionService>()
            .StartAsync(user.Id, "127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0", UserConsole.Domain.Sessions.SessionFactors.None);
        var by = new ActingUser(user.Id, null, sessionId);
        var confirmed = await GetScoped<UserConsole.Domain.Sessions.IdentityConfirmation>()
            .ConfirmAsync(by, new UserConsole.Domain.Sessions.ConfirmIdentityInput { Password = password });
        if (!confirmed.Succeeded)
        {
            throw new InvalidOperationException($"Confirm it's you failed for {user.UserName}: {confirmed.Error!.Code}");
        }

        return by;
    }

    /// <summary>Identity's hash of a password (salted, 210,000 iterations), computed once per password per test
    /// run: the hash does not depend on the user, and hashing for every arranged user would dominate test time.</summary>
    public string HashOf(string password) =>
        HashCache.GetOrAdd(password, p => GetScoped<IPasswordHasher<User>>().HashPassword(null!, p));

    /// <summary>Every row of every table except the audit trail, in a stable text form: two equal snapshots
    /// mean nothing but audit entries changed between them.</summary>
    public async Task<string> SnapshotWithoutAuditAsync() => await DatabaseSnapshot.TakeAsync(Database, exceptTables: ["AuditEntries"]);

    /// <summary>A new open connection to the database, outside the services (plain SQL, as an intruder or a tool
    /// would write it). SQL for both providers quotes its identifiers.</summary>
    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync()
    {
        System.Data.Common.DbConnection connection = Database.Provider == DatabaseProvider.PostgreSQL
            ? new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ToString())
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs plain SQL on a connection of its own; returns the rows it changed.</summary>
    public async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The SQL that drops one of the hand-written triggers (a tamperer with the database's owner rights).</summary>
    public string DropTriggerSql(string trigger, string table) =>
        Database.Provider == DatabaseProvider.PostgreSQL ? $"DROP TRIGGER \"{trigger}\" ON \"{table}\"" : $"DROP TRIGGER \"{trigger}\"";

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Database.Provider == DatabaseProvider.PostgreSQL)
        {
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(Database.ConnectionString));
        }

        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS; the temp folder is cleaned up later.
        }
    }
}

/// <summary>Passwords that pass the policy, for arranging accounts.</summary>
public static class TestPasswords
{
    public const string Strong = "correct horse battery staple 42";
    public const string OtherStrong = "violet kettle umbrella marathon 7";
}

/// <summary>Records published changes for assertions.</summary>
public sealed class RecordingChangePublisher : IChangePublisher
{
    private readonly List<DomainChange> _changes = [];

    public IReadOnlyList<DomainChange> Published
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public void Publish(DomainChange change)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }
    }
}

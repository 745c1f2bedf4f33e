using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using UserConsole.Domain.Access;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Operations;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Benchmarks;

/// <summary>The users list over a large directory: seeds 100,000 users, then times the first page, a search and a
/// sort through UserAdministration (what the grid waits for) next to the same SQL replayed on a plain connection.</summary>
internal sealed class UserListBenchmark : IAsyncDisposable
{
    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Luca", "Maya", "Nils", "Olga", "Pavel"];
    private static readonly string[] LastNames = ["Smith", "Müller", "García", "Rossi", "Novák", "Kowalski", "Jensen", "Silva", "Dubois", "Öztürk", "Tanaka", "Okafor"];
    private static readonly string[] Companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark Industries", "Wayne Enterprises", null!];

    private readonly List<Target> _targets = [];
    private readonly int _users;

    private UserListBenchmark(int users) => _users = users;

    /// <summary>Seeds the same users on each of <paramref name="providers"/> (SQLite only when not given).</summary>
    public static async Task<UserListBenchmark> CreateAsync(int users, IReadOnlyList<DatabaseProvider>? providers = null)
    {
        var bench = new UserListBenchmark(users);
        try
        {
            // One "now" for every provider, so that each gets the very same timestamps (and the same 14-day window).
            var now = DateTime.UtcNow;
            foreach (var provider in providers ?? [DatabaseProvider.Sqlite])
            {
                var target = new Target(new BenchDatabase("users.db", provider));
                bench._targets.Add(target);
                var watch = Stopwatch.StartNew();
                await bench.SeedAsync(target, now);
                target.SeedTime = watch.Elapsed;
            }
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }

        return bench;
    }

    public async Task RunAsync(TextWriter output)
    {
        var policy = new FixedSecurityPolicy(SecurityPolicy.Default);
        UserAdministration Service(BenchDatabase database) => new(database.Contexts,
            new OperationFactory(database.Contexts, new NoChangePublisher(), TimeProvider.System, policy), new CreateUserInputValidator(), new UpdateUserInputValidator(),
            new PasswordHasher<User>(), new UpperInvariantLookupNormalizer(), policy,
            new SecurityNotifications(Options.Create(new MailOptions())), TimeProvider.System);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UserConsole users list: {_users:N0} users, on {string.Join(" and ", _targets.Select(t => t.Database.Name))}."));
        foreach (var target in _targets)
        {
            var described = await target.Database.DescribeAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target.Database.Name}: {described}; seeded in {target.SeedTime.TotalSeconds:0.0} s."));
        }

        output.WriteLine($"Median of {Measure.Runs} runs after {Measure.Warmup} warm-up runs; service = UserAdministration.ListAsync (actor, permission, count, page), bare SQL = the same commands replayed.");
        output.WriteLine();
        output.WriteLine($"{"",-44}{string.Concat(_targets.Select(t => $"{t.Database.Name,-24}"))}");
        output.WriteLine($"{"",-44}{string.Concat(_targets.Select(_ => $"{"service",-12}{"bare SQL",-12}"))}{"rows",-14}");
        var plans = _targets.ToDictionary(t => t, _ => new List<string>());
        foreach (var (name, query) in new (string, UserListQuery)[]
        {
            ("First page (25, by username)", new UserListQuery()),
            ("Search 'smith' (25)", new UserListQuery { Search = "smith" }),
            ("Search 'user0421' (username)", new UserListQuery { Search = "user0421" }),
            ("Sort by full name, descending (25)", new UserListQuery { Sort = UserSortField.FullName, Descending = true }),
            ("Sort by last sign-in, newest (25)", new UserListQuery { Sort = UserSortField.LastSignIn, Descending = true }),
            ("Page 2,000 by username (25)", new UserListQuery { Page = 2_000 }),
            ("Filter: disabled, 2FA on (25)", new UserListQuery { Enabled = false, TwoFactorEnabled = true }),
        })
        {
            var line = $"{name,-44}";
            var rows = new List<string>();
            foreach (var target in _targets)
            {
                var service = Service(target.Database);
                var by = new ActingUser(target.AdminId);
                var (median, result, commands) = await Measure.ServiceAsync(target.Database.Recorder, () => CallAsync(service, by, query),
                    c => c.Sql.Contains("FROM \"Users\"", StringComparison.Ordinal) || c.Sql.Contains("UserSearch", StringComparison.Ordinal));
                line += $"{Measure.Ms(median),-12}{Measure.Ms(await Measure.BareSqlAsync(target.Database, commands)),-12}";
                rows.Add(result);
                if (query.Search is not null)
                {
                    plans[target].AddRange(await Measure.PlansAsync(target.Database, name, commands));
                }
            }

            output.WriteLine($"{line}{string.Join(" | ", rows.Distinct()),-14}");
        }

        foreach (var target in _targets)
        {
            output.WriteLine();
            output.WriteLine($"Query plans of the searches on {target.Database.Name}:");
            foreach (var plan in plans[target])
            {
                output.WriteLine(plan);
            }
        }
    }

    private static async Task<string> CallAsync(UserAdministration service, ActingUser by, UserListQuery query)
    {
        var result = await service.ListAsync(by, query);
        return string.Create(CultureInfo.InvariantCulture, $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}");
    }

    private async Task SeedAsync(Target target, DateTime now)
    {
        Guid roleId;
        await using (var db = await target.Database.Contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (target.Database.Provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var admins = new Role("Administrator", null, now) { NormalizedName = "ADMINISTRATOR" };
            admins.MarkAsFirstAdminRole();
            admins.SetPermissions(Permissions.AllKeys);
            var viewers = new Role("Viewer", null, now) { NormalizedName = "VIEWER" };
            viewers.SetPermissions([Permissions.ViewUsersPage]);
            db.Roles.AddRange(admins, viewers);
            var admin = new User("admin", "admin@bench.example", admins.Id, now) { NormalizedUserName = "ADMIN", NormalizedEmail = "ADMIN@BENCH.EXAMPLE" };
            admin.MarkAsFirstAdmin();
            db.Users.Add(admin);
            await db.SaveChangesAsync();
            target.AdminId = admin.Id;
            roleId = viewers.Id;
        }

        await InsertUsersAsync(target.Database, _users, roleId, "user", now);
        await using var connection = target.Database.OpenConnection();
        await connection.OpenAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.CommandTimeout = 600;
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The users both providers get: the same random sequence (seed 7), so the same rows (ids and stamps are
    /// new GUIDs on each run, as before).</summary>
    private static IEnumerable<SeedUser> UserRows(int count, string prefix, DateTime now)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var userName = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:000000}");
            var email = $"{first.ToLowerInvariant()}.{userName}@example.com";
            var company = Companies[random.Next(Companies.Length)];
            var enabled = random.Next(20) != 0;
            var created = now.AddDays(-random.Next(1_000));
            DateTime? signIn = random.Next(4) == 0 ? null : now.AddMinutes(-random.Next(500_000));
            var twoFactor = random.Next(3) == 0;
            yield return new SeedUser(Guid.CreateVersion7(), $"{first} {last}", company, enabled, created, signIn, userName, email, Guid.NewGuid().ToString("N"), twoFactor);
        }
    }

    /// <summary>Inserts <paramref name="count"/> users named <paramref name="prefix"/>000000… with the given role, on
    /// either provider: SQLite row by row in one transaction, PostgreSQL by binary COPY.</summary>
    internal static Task InsertUsersAsync(BenchDatabase database, int count, Guid roleId, string prefix, DateTime now) =>
        database.Provider == DatabaseProvider.PostgreSQL
            ? CopyUsersAsync(database.ConnectionString, count, roleId, prefix, now)
            : InsertUsersAsync(database.ConnectionString, count, roleId, prefix, now);

    // Binary COPY into every column the SQLite seeding sets (uuid, boolean, timestamp with time zone), the others null.
    private static async Task CopyUsersAsync(string connectionString, int count, Guid roleId, string prefix, DateTime now)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY "Users" ("Id", "FullName", "Company", "RoleId", "IsFirstAdmin", "IsEnabled", "MustChangePassword", "CreatedAt", "LastSignInAt",
                "ProductionServerScope", "StorageServerScope", "NotifyBackupStarting", "NotifyBackupStopped", "NotifyBackupCompleted",
                "NotifyBackupWarnings", "NotifyBackupErrors", "NotifyConnectionErrors", "NotifyRunningTimeAlerts", "UserName", "NormalizedUserName",
                "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnabled", "AccessFailedCount") FROM STDIN (FORMAT BINARY)
            """);
        foreach (var user in UserRows(count, prefix, now))
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(user.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user.FullName, NpgsqlDbType.Varchar);
            if (user.Company is null)
            {
                await writer.WriteNullAsync();
            }
            else
            {
                await writer.WriteAsync(user.Company, NpgsqlDbType.Varchar);
            }

            await writer.WriteAsync(roleId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(user.Enabled, NpgsqlDbType.Boolean);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(user.CreatedAt, NpgsqlDbType.TimestampTz);
            if (user.LastSignInAt is { } signIn)
            {
                await writer.WriteAsync(signIn, NpgsqlDbType.TimestampTz);
            }
            else
            {
                await writer.WriteNullAsync();
            }

            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            for (var n = 0; n < 6; n++)
            {
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(user.UserName, NpgsqlDbType.Varchar);
            await writer.WriteAsync(user.UserName.ToUpperInvariant(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(user.Email, NpgsqlDbType.Varchar);
            await writer.WriteAsync(user.Email.ToUpperInvariant(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(user.Stamp, NpgsqlDbType.Text);
            await writer.WriteAsync(user.Stamp, NpgsqlDbType.Text);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(user.TwoFactorEnabled, NpgsqlDbType.Boolean);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
        }

        await writer.CompleteAsync();
    }

    /// <summary>Inserts <paramref name="count"/> users named <paramref name="prefix"/>000000… with the given role: one
    /// transaction, one prepared command, values in the formats EF Core writes (upper-case GUID text).</summary>
    private static async Task InsertUsersAsync(string connectionString, int count, Guid roleId, string prefix, DateTime now)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO Users (Id, FullName, Company, RoleId, IsFirstAdmin, IsEnabled, MustChangePassword, CreatedAt, LastSignInAt,
                ProductionServerScope, StorageServerScope, NotifyBackupStarting, NotifyBackupStopped, NotifyBackupCompleted,
                NotifyBackupWarnings, NotifyBackupErrors, NotifyConnectionErrors, NotifyRunningTimeAlerts, UserName, NormalizedUserName,
                Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled,
                LockoutEnabled, AccessFailedCount)
            VALUES ($id, $full, $company, $role, 0, $enabled, 0, $created, $signin, 0, 0, 0, 0, 0, 0, 0, 0, 0, $user, $nuser,
                $email, $nemail, 1, $stamp, $stamp, 0, $twofa, 1, 0)
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$id", "$full", "$company", "$role", "$enabled", "$created", "$signin", "$user", "$nuser", "$email", "$nemail", "$stamp", "$twofa" })
        {
            p[name] = command.Parameters.Add(name, SqliteType.Text);
        }

        await command.PrepareAsync();
        foreach (var user in UserRows(count, prefix, now))
        {
            p["$id"].Value = user.Id.ToString().ToUpperInvariant();
            p["$full"].Value = user.FullName;
            p["$company"].Value = (object?)user.Company ?? DBNull.Value;
            p["$role"].Value = roleId.ToString().ToUpperInvariant();
            p["$enabled"].Value = user.Enabled ? 1 : 0;
            p["$created"].Value = user.CreatedAt;
            p["$signin"].Value = (object?)user.LastSignInAt ?? DBNull.Value;
            p["$user"].Value = user.UserName;
            p["$nuser"].Value = user.UserName.ToUpperInvariant();
            p["$email"].Value = user.Email;
            p["$nemail"].Value = user.Email.ToUpperInvariant();
            p["$stamp"].Value = user.Stamp;
            p["$twofa"].Value = user.TwoFactorEnabled ? 1 : 0;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _targets)
        {
            await target.Database.DisposeAsync();
        }
    }

    private sealed record SeedUser(Guid Id, string FullName, string? Company, bool Enabled, DateTime CreatedAt, DateTime? LastSignInAt,
        string UserName, string Email, string Stamp, bool TwoFactorEnabled);

    /// <summary>One provider's seeded database and its administrator.</summary>
    private sealed class Target(BenchDatabase database)
    {
        public BenchDatabase Database { get; } = database;

        public Guid AdminId { get; set; }

        public TimeSpan SeedTime { get; set; }
    }
}

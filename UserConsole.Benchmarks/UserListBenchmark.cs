using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UserConsole.Domain.Access;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Operations;
using UserConsole.Domain.Users;

namespace UserConsole.Benchmarks;

/// <summary>The users list over a large directory: seeds 100,000 users, then times the first page, a search and a
/// sort through UserAdministration (what the grid waits for) next to the same SQL replayed on a plain connection.</summary>
internal sealed class UserListBenchmark : IAsyncDisposable
{
    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Luca", "Maya", "Nils", "Olga", "Pavel"];
    private static readonly string[] LastNames = ["Smith", "Müller", "García", "Rossi", "Novák", "Kowalski", "Jensen", "Silva", "Dubois", "Öztürk", "Tanaka", "Okafor"];
    private static readonly string[] Companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark Industries", "Wayne Enterprises", null!];

    private readonly BenchDatabase _database = new("users.db");
    private readonly int _users;
    private Guid _adminId;
    private TimeSpan _seedTime;

    private UserListBenchmark(int users) => _users = users;

    public static async Task<UserListBenchmark> CreateAsync(int users)
    {
        var bench = new UserListBenchmark(users);
        var watch = Stopwatch.StartNew();
        await bench.SeedAsync();
        bench._seedTime = watch.Elapsed;
        return bench;
    }

    public async Task RunAsync(TextWriter output)
    {
        var policy = new FixedSecurityPolicy(SecurityPolicy.Default);
        var operations = new OperationFactory(_database.Contexts, new NoChangePublisher(), TimeProvider.System, policy);
        var service = new UserAdministration(_database.Contexts, operations, new CreateUserInputValidator(), new UpdateUserInputValidator(),
            new PasswordHasher<User>(), new UpperInvariantLookupNormalizer(), policy,
            new SecurityNotifications(Options.Create(new MailOptions())), TimeProvider.System);
        var by = new ActingUser(_adminId);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UserConsole users list: {_users:N0} users, SQLite file (WAL); seeded in {_seedTime.TotalSeconds:0.0} s."));
        output.WriteLine($"Median of {Measure.Runs} runs after {Measure.Warmup} warm-up runs; service = UserAdministration.ListAsync (actor, permission, count, page), bare SQL = the same commands replayed.");
        output.WriteLine();
        output.WriteLine($"{"",-44}{"service",-12}{"bare SQL",-12}{"rows",-14}");
        var plans = new List<string>();
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
            var (median, rows, commands) = await Measure.ServiceAsync(_database.Recorder, () => CallAsync(service, by, query),
                c => c.Sql.Contains("FROM \"Users\"", StringComparison.Ordinal) || c.Sql.Contains("UserSearch", StringComparison.Ordinal));
            output.WriteLine($"{name,-44}{Measure.Ms(median),-12}{Measure.Ms(await Measure.BareSqlAsync(_database.ConnectionString, commands)),-12}{rows,-14}");
            if (query.Search is not null)
            {
                plans.AddRange(await Measure.PlansAsync(_database.ConnectionString, name, commands));
            }
        }

        output.WriteLine();
        output.WriteLine("Query plans of the searches:");
        foreach (var plan in plans)
        {
            output.WriteLine(plan);
        }
    }

    private static async Task<string> CallAsync(UserAdministration service, ActingUser by, UserListQuery query)
    {
        var result = await service.ListAsync(by, query);
        return string.Create(CultureInfo.InvariantCulture, $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}");
    }

    private async Task SeedAsync()
    {
        var now = DateTime.UtcNow;
        Guid roleId;
        await using (var db = await _database.Contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
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
            _adminId = admin.Id;
            roleId = viewers.Id;
        }

        await InsertUsersAsync(_database.ConnectionString, _users, roleId, "user", now);
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts <paramref name="count"/> users named <paramref name="prefix"/>000000… with the given role: one
    /// transaction, one prepared command, values in the formats EF Core writes (upper-case GUID text).</summary>
    internal static async Task InsertUsersAsync(string connectionString, int count, Guid roleId, string prefix, DateTime now)
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
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var userName = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:000000}");
            var email = $"{first.ToLowerInvariant()}.{userName}@example.com";
            p["$id"].Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            p["$full"].Value = $"{first} {last}";
            p["$company"].Value = (object?)Companies[random.Next(Companies.Length)] ?? DBNull.Value;
            p["$role"].Value = roleId.ToString().ToUpperInvariant();
            p["$enabled"].Value = random.Next(20) == 0 ? 0 : 1;
            p["$created"].Value = now.AddDays(-random.Next(1_000));
            p["$signin"].Value = random.Next(4) == 0 ? DBNull.Value : now.AddMinutes(-random.Next(500_000));
            p["$user"].Value = userName;
            p["$nuser"].Value = userName.ToUpperInvariant();
            p["$email"].Value = email;
            p["$nemail"].Value = email.ToUpperInvariant();
            p["$stamp"].Value = Guid.NewGuid().ToString("N");
            p["$twofa"].Value = random.Next(3) == 0 ? 1 : 0;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

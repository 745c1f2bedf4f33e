using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Benchmarks;

/// <summary>The Logs page and the Monitor chart over a large history: seeds the data once, then measures the
/// domain calls (what a page waits for: actor, permission, count and page) and replays the very SQL commands they
/// ran on a plain connection (the database's share of that time).</summary>
internal sealed class LogBenchmark : IAsyncDisposable
{
    private const int PageSize = 25;
    private const int ScopedServers = 5;

    private readonly BenchDatabase _database = new("bench.db");
    private readonly int _jobLogs;
    private readonly int _servers;
    private Guid _operatorId;
    private Guid _unscopedId;
    private TimeSpan _seedTime;

    private LogBenchmark(int jobLogs, int servers)
    {
        _jobLogs = jobLogs;
        _servers = servers;
    }

    private IDbContextFactory<UserConsoleDbContext> Contexts => _database.Contexts;

    /// <summary>The seeded database, for benchmarks that add to it.</summary>
    internal BenchDatabase Database => _database;

    /// <summary>The operator scoped to five servers, and the one with all of them (role with every permission).</summary>
    internal (Guid Scoped, Guid Unscoped) Operators => (_operatorId, _unscopedId);

    private string ConnectionString => _database.ConnectionString;

    public static async Task<LogBenchmark> CreateAsync(int jobLogs, int servers)
    {
        var bench = new LogBenchmark(jobLogs, servers);
        var watch = Stopwatch.StartNew();
        await bench.SeedAsync();
        bench._seedTime = watch.Elapsed;
        return bench;
    }

    public async Task RunAsync(TextWriter output)
    {
        var clock = TimeProvider.System;
        var logs = new JobLogQueries(Contexts);
        var monitor = new MonitorQueries(Contexts, clock);
        var scoped = new ActingUser(_operatorId);
        var unscoped = new ActingUser(_unscopedId);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UserConsole benchmark: {_jobLogs:N0} job logs, {_servers} production servers, {_servers * 2} schedules, SQLite file (WAL)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded in {_seedTime.TotalSeconds:0.0} s ({new FileInfo(_database.FilePath).Length / 1_000_000} MB). Median of {Measure.Runs} runs after {Measure.Warmup} warm-up runs; service = domain call (actor + permission + queries), bare SQL = the same commands replayed on an open connection."));
        output.WriteLine();
        output.WriteLine($"{"",-34}{"operator scoped to 5 servers",-34}{"unscoped (all 200 servers)",-34}");
        output.WriteLine($"{"",-34}{"service",-12}{"bare SQL",-12}{"rows",-10}{"service",-12}{"bare SQL",-12}{"rows",-10}");

        var plans = new List<string>();
        foreach (var (name, call) in new (string, Func<ActingUser, Task<string>>)[]
        {
            ($"Logs, first page ({PageSize} rows)", async by =>
            {
                var result = await logs.ListLogsAsync(by, LogFilter.None, new PageRequest(0, PageSize));
                return $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}";
            }),
            ("Logs, first page, status Error", async by =>
            {
                var result = await logs.ListLogsAsync(by, new LogFilter(JobStatus.Error), new PageRequest(0, PageSize));
                return $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}";
            }),
            ("Monitor, 14-day outcomes chart", async by =>
            {
                var result = await monitor.GetOutcomesPerDayAsync(by);
                return $"{result.Value.Items.Sum(d => d.Total):N0}";
            }),
        })
        {
            var line = $"{name,-34}";
            foreach (var by in new[] { scoped, unscoped })
            {
                var (service, rows, commands) = await Measure.ServiceAsync(_database.Recorder, () => call(by), c => c.Sql.Contains("\"JobLogs\"", StringComparison.Ordinal) || c.Sql.Contains("\"JobOutcomeDays\"", StringComparison.Ordinal));
                var bare = await Measure.BareSqlAsync(ConnectionString, commands);
                line += $"{Ms(service),-12}{Ms(bare),-12}{rows,-10}";
                if (by == scoped)
                {
                    plans.AddRange(await Measure.PlansAsync(ConnectionString, name, commands));
                }
            }

            output.WriteLine(line);
        }

        output.WriteLine();
        output.WriteLine("Query plans (operator scoped to 5 servers):");
        foreach (var plan in plans)
        {
            output.WriteLine(plan);
        }
    }

    private static string Ms(TimeSpan time) => Measure.Ms(time);

    private async Task SeedAsync()
    {
        var now = DateTime.UtcNow;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            var servers = Enumerable.Range(1, _servers)
                .Select(i => new ProductionServer($"server-{i:000}", $"server-{i:000}.bench.example", "Debian 12", ServerStatus.Online, now))
                .ToList();
            var storages = Enumerable.Range(1, 4)
                .Select(i => new StorageServer($"storage-{i}", i % 2 == 0 ? StorageKind.Cloud : StorageKind.Linux, 20_000_000_000_000, 0, now))
                .ToList();
            db.AddRange(servers);
            db.AddRange(storages);
            await db.SaveChangesAsync();
            db.AddRange(servers.SelectMany((s, i) => new[]
            {
                new Schedule($"{s.Name} files", s.Id, storages[i % 4].Id, BackupType.Files, "0 2 * * *", 14, true, now),
                new Schedule($"{s.Name} MySQL", s.Id, storages[(i + 1) % 4].Id, BackupType.MySql, "0 */4 * * *", 14, true, now),
            }));

            var role = new Role("Operator", null, now) { NormalizedName = "OPERATOR" };
            role.SetPermissions(Permissions.AllKeys);
            db.Roles.Add(role);
            await db.SaveChangesAsync();

            // Five servers spread over the id range, so that their rows are spread over the table as in real life.
            var scoped = NewUser("operator", role, now);
            scoped.SetScope(new AccessScope(ResourceScope.Chosen(Enumerable.Range(0, ScopedServers).Select(i => servers[(i * _servers / ScopedServers) + 7].Id)), ResourceScope.Everything));
            var unscoped = NewUser("unscoped", role, now);
            unscoped.SetScope(AccessScope.Everything);
            db.Users.AddRange(scoped, unscoped);
            await db.SaveChangesAsync();
            _operatorId = scoped.Id;
            _unscopedId = unscoped.Id;
        }

        await BulkInsertJobLogsAsync(now);
    }

    private static User NewUser(string name, Role role, DateTime now) => new(name, $"{name}@bench.example", role.Id, now)
    {
        NormalizedUserName = name.ToUpperInvariant(),
        NormalizedEmail = $"{name}@bench.example".ToUpperInvariant(),
    };

    // One transaction, one prepared command: the fastest way SQLite takes a million rows.
    private async Task BulkInsertJobLogsAsync(DateTime now)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO JobLogs (ScheduleId, StartedAt, FinishedAt, Status, Lines) VALUES ($schedule, $started, $finished, $status, $lines)";
        var schedule = command.Parameters.Add("$schedule", SqliteType.Integer);
        var started = command.Parameters.Add("$started", SqliteType.Text);
        var finished = command.Parameters.Add("$finished", SqliteType.Text);
        var status = command.Parameters.Add("$status", SqliteType.Integer);
        var lines = command.Parameters.Add("$lines", SqliteType.Text);
        await command.PrepareAsync();

        var random = new Random(42);
        var schedules = _servers * 2;
        var first = now.AddDays(-90);
        var step = (now - first) / _jobLogs;
        for (var i = 0; i < _jobLogs; i++)
        {
            var start = first + (step * i);
            var running = i >= _jobLogs - 20;
            var roll = random.Next(100);
            var outcome = running ? JobStatus.Started : roll < 82 ? JobStatus.Completed : roll < 93 ? JobStatus.Warning : JobStatus.Error;
            schedule.Value = random.Next(1, schedules + 1);
            started.Value = start;
            finished.Value = running ? DBNull.Value : start.AddMinutes(random.Next(1, 40));
            status.Value = (int)outcome;
            lines.Value = $"Started on schedule (0 2 * * *, UTC).\nScanning /etc, /home, /var/www: {random.Next(2_000, 400_000)} files.\nTransferring changed files: {random.Next(10, 9_000)} MB.\n{outcome}.";
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

/// <summary>A command as EF Core sent it: its SQL and parameter values, to replay on a plain connection.</summary>
internal sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    public SqliteCommand On(SqliteConnection connection, string prefix = "")
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL generated by EF Core from constant LINQ; the values stay parameters.
        command.CommandText = prefix + Sql;
#pragma warning restore CA2100
        foreach (var (name, value) in Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}

/// <summary>Records the commands EF Core executes while recording is on.</summary>
internal sealed class CommandRecorder : DbCommandInterceptor
{
    private List<RecordedCommand>? _recorded;

    public void Start() => _recorded = [];

    public IReadOnlyList<RecordedCommand> Stop()
    {
        var recorded = _recorded ?? [];
        _recorded = null;
        return recorded;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _recorded?.Add(new RecordedCommand(command.CommandText,
            [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

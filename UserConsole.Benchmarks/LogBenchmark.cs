using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;
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

    private readonly List<Target> _targets = [];
    private readonly int _jobLogs;
    private readonly int _servers;

    private LogBenchmark(int jobLogs, int servers)
    {
        _jobLogs = jobLogs;
        _servers = servers;
    }

    /// <summary>The seeded database (the first provider's), for benchmarks that add to it.</summary>
    internal BenchDatabase Database => _targets[0].Database;

    /// <summary>The operator scoped to five servers, and the one with all of them (role with every permission).</summary>
    internal (Guid Scoped, Guid Unscoped) Operators => (_targets[0].OperatorId, _targets[0].UnscopedId);

    /// <summary>Seeds the same data on each of <paramref name="providers"/> (SQLite only when not given).</summary>
    public static async Task<LogBenchmark> CreateAsync(int jobLogs, int servers, IReadOnlyList<DatabaseProvider>? providers = null)
    {
        var bench = new LogBenchmark(jobLogs, servers);
        try
        {
            // One "now" for every provider, so that each gets the very same timestamps (and the same 14-day window).
            var now = DateTime.UtcNow;
            foreach (var provider in providers ?? [DatabaseProvider.Sqlite])
            {
                var target = new Target(new BenchDatabase("bench.db", provider));
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
        var clock = TimeProvider.System;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UserConsole benchmark: {_jobLogs:N0} job logs, {_servers} production servers, {_servers * 2} schedules, on {string.Join(" and ", _targets.Select(t => t.Database.Name))}"));
        foreach (var target in _targets)
        {
            var described = await target.Database.DescribeAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target.Database.Name}: {described}; seeded in {target.SeedTime.TotalSeconds:0.0} s."));
        }

        output.WriteLine($"Median of {Measure.Runs} runs after {Measure.Warmup} warm-up runs; service = domain call (actor + permission + queries), bare SQL = the same commands replayed on an open connection.");
        output.WriteLine();
        var group = (24 * _targets.Count) + 10;
        output.WriteLine($"{"",-34}{"operator scoped to 5 servers".PadRight(group)}{"unscoped (all 200 servers)".PadRight(group)}");
        var providers = string.Concat(_targets.Select(t => $"{t.Database.Name,-24}")) + $"{"",-10}";
        output.WriteLine($"{"",-34}{providers}{providers}");
        var columns = string.Concat(_targets.Select(_ => $"{"service",-12}{"bare SQL",-12}")) + $"{"rows",-10}";
        output.WriteLine($"{"",-34}{columns}{columns}");

        var plans = _targets.ToDictionary(t => t, _ => new List<string>());
        foreach (var (name, call) in new (string, Func<Target, ActingUser, Task<string>>)[]
        {
            ($"Logs, first page ({PageSize} rows)", async (t, by) =>
            {
                var result = await new JobLogQueries(t.Database.Contexts).ListLogsAsync(by, LogFilter.None, new PageRequest(0, PageSize));
                return $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}";
            }),
            ("Logs, first page, status Error", async (t, by) =>
            {
                var result = await new JobLogQueries(t.Database.Contexts).ListLogsAsync(by, new LogFilter(JobStatus.Error), new PageRequest(0, PageSize));
                return $"{result.Value.Items.Count}/{result.Value.TotalCount:N0}";
            }),
            ("Monitor, 14-day outcomes chart", async (t, by) =>
            {
                var result = await new MonitorQueries(t.Database.Contexts, clock).GetOutcomesPerDayAsync(by);
                return $"{result.Value.Items.Sum(d => d.Total):N0}";
            }),
        })
        {
            var line = $"{name,-34}";
            foreach (var scoped in new[] { true, false })
            {
                var rows = new List<string>();
                foreach (var target in _targets)
                {
                    var by = new ActingUser(scoped ? target.OperatorId : target.UnscopedId);
                    var (service, result, commands) = await Measure.ServiceAsync(target.Database.Recorder, () => call(target, by), c => c.Sql.Contains("\"JobLogs\"", StringComparison.Ordinal) || c.Sql.Contains("\"JobOutcomeDays\"", StringComparison.Ordinal));
                    var bare = await Measure.BareSqlAsync(target.Database, commands);
                    line += $"{Ms(service),-12}{Ms(bare),-12}";
                    rows.Add(result);
                    if (scoped)
                    {
                        plans[target].AddRange(await Measure.PlansAsync(target.Database, name, commands));
                    }
                }

                line += $"{string.Join(" | ", rows.Distinct()),-10}";
            }

            output.WriteLine(line);
        }

        foreach (var target in _targets)
        {
            output.WriteLine();
            output.WriteLine($"Query plans on {target.Database.Name} (operator scoped to 5 servers):");
            foreach (var plan in plans[target])
            {
                output.WriteLine(plan);
            }
        }
    }

    private static string Ms(TimeSpan time) => Measure.Ms(time);

    private async Task SeedAsync(Target target, DateTime now)
    {
        await using (var db = await target.Database.Contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (target.Database.Provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

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
            target.OperatorId = scoped.Id;
            target.UnscopedId = unscoped.Id;
        }

        if (target.Database.Provider == DatabaseProvider.PostgreSQL)
        {
            await CopyJobLogsAsync(target.Database, now);
        }
        else
        {
            await BulkInsertJobLogsAsync(target.Database, now);
        }
    }

    private static User NewUser(string name, Role role, DateTime now) => new(name, $"{name}@bench.example", role.Id, now)
    {
        NormalizedUserName = name.ToUpperInvariant(),
        NormalizedEmail = $"{name}@bench.example".ToUpperInvariant(),
    };

    /// <summary>The job logs both providers get: the same random sequence (seed 42), so the same rows.</summary>
    private IEnumerable<(int Schedule, DateTime Started, DateTime? Finished, JobStatus Status, string Lines)> JobLogRows(DateTime now)
    {
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
            var schedule = random.Next(1, schedules + 1);
            DateTime? finished = running ? null : start.AddMinutes(random.Next(1, 40));
            var lines = $"Started on schedule (0 2 * * *, UTC).\nScanning /etc, /home, /var/www: {random.Next(2_000, 400_000)} files.\nTransferring changed files: {random.Next(10, 9_000)} MB.\n{outcome}.";
            yield return (schedule, start, finished, outcome, lines);
        }
    }

    // One transaction, one prepared command: the fastest way SQLite takes a million rows.
    private async Task BulkInsertJobLogsAsync(BenchDatabase database, DateTime now)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
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

        foreach (var row in JobLogRows(now))
        {
            schedule.Value = row.Schedule;
            started.Value = row.Started;
            finished.Value = (object?)row.Finished ?? DBNull.Value;
            status.Value = (int)row.Status;
            lines.Value = row.Lines;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    // Binary COPY with the rollup trigger off, then the rollup rebuilt in one statement (as the migration builds it)
    // and ANALYZE: the fastest way PostgreSQL takes a million rows, with the same JobOutcomeDays as row by row.
    private async Task CopyJobLogsAsync(BenchDatabase database, DateTime now)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE \"JobLogs\" DISABLE TRIGGER \"JobLogs_Outcome\"");
        await using (var writer = await connection.BeginBinaryImportAsync("COPY \"JobLogs\" (\"ScheduleId\", \"StartedAt\", \"FinishedAt\", \"Status\", \"Lines\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in JobLogRows(now))
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.Schedule, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.Started, NpgsqlDbType.TimestampTz);
                if (row.Finished is { } finished)
                {
                    await writer.WriteAsync(finished, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await writer.WriteNullAsync();
                }

                await writer.WriteAsync((int)row.Status, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.Lines, NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        await ExecuteAsync(connection, "ALTER TABLE \"JobLogs\" ENABLE TRIGGER \"JobLogs_Outcome\"");
        await ExecuteAsync(connection, $"""
            INSERT INTO "JobOutcomeDays" ("Day", "ScheduleId", "Status", "Count")
            SELECT {PostgresSql.UtcDayFunction}("StartedAt"), "ScheduleId", "Status", COUNT(*) FROM "JobLogs" WHERE "Status" <> 0
            GROUP BY {PostgresSql.UtcDayFunction}("StartedAt"), "ScheduleId", "Status"
            """);
        await ExecuteAsync(connection, "ANALYZE");
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The benchmark's own constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _targets)
        {
            await target.Database.DisposeAsync();
        }
    }

    /// <summary>One provider's seeded database and its two operators.</summary>
    private sealed class Target(BenchDatabase database)
    {
        public BenchDatabase Database { get; } = database;

        public Guid OperatorId { get; set; }

        public Guid UnscopedId { get; set; }

        public TimeSpan SeedTime { get; set; }
    }
}

/// <summary>A command as EF Core sent it: its SQL and parameter values, to replay on a plain connection.</summary>
internal sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    public DbCommand On(DbConnection connection, string prefix = "")
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL generated by EF Core from constant LINQ; the values stay parameters.
        command.CommandText = prefix + Sql;
#pragma warning restore CA2100
        foreach (var (name, value) in Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
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

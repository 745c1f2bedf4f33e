using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UserConsole.Domain.Persistence;

namespace UserConsole.Benchmarks;

/// <summary>How every figure is taken: a median over repeated runs after warm-up runs, for a domain call and for
/// the SQL it sent replayed on a plain connection.</summary>
internal static class Measure
{
    public const int Warmup = 3;
    public const int Runs = 21;

    public static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    /// <summary>The query plan of each recorded command (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN text),
    /// indented under <paramref name="name"/>.</summary>
    public static async Task<IEnumerable<string>> PlansAsync(BenchDatabase database, string name, IReadOnlyList<RecordedCommand> commands)
    {
        await using var connection = database.OpenConnection();
        await connection.OpenAsync();
        var postgres = database.Provider == DatabaseProvider.PostgreSQL;
        var lines = new List<string>();
        foreach (var recorded in commands)
        {
            await using var command = recorded.On(connection, postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ");
            await using var reader = await command.ExecuteReaderAsync();
            var steps = new List<string>();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(postgres ? 0 : 3));
            }

            var first = recorded.Sql.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
            lines.Add($"  {name}: {first[..Math.Min(60, first.Length)]}…\n      {string.Join("\n      ", steps)}");
        }

        return lines;
    }

    public static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.00} ms");

    /// <summary>Times <paramref name="call"/> (after warm-up) and returns the median, its last result and the
    /// commands of one recorded run that match <paramref name="keep"/>.</summary>
    public static async Task<(TimeSpan Median, string Result, IReadOnlyList<RecordedCommand> Commands)> ServiceAsync(
        CommandRecorder recorder, Func<Task<string>> call, Func<RecordedCommand, bool> keep)
    {
        var result = "";
        for (var i = 0; i < Warmup; i++)
        {
            result = await call();
        }

        recorder.Start();
        await call();
        var commands = recorder.Stop().Where(keep).ToList();
        var times = new List<TimeSpan>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times.Add(watch.Elapsed);
        }

        return (Median(times), result, commands);
    }

    /// <summary>The median time of the recorded commands replayed on one open connection, every row read.</summary>
    public static async Task<TimeSpan> BareSqlAsync(BenchDatabase database, IReadOnlyList<RecordedCommand> commands)
    {
        await using var connection = database.OpenConnection();
        await connection.OpenAsync();
        var times = new List<TimeSpan>(Runs);
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var recorded in commands)
            {
                await using var command = recorded.On(connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var f = 0; f < reader.FieldCount; f++)
                    {
                        _ = reader.GetValue(f);
                    }
                }
            }

            if (i >= Warmup)
            {
                times.Add(watch.Elapsed);
            }
        }

        return Median(times);
    }
}

/// <summary>The database a benchmark runs on: a temporary SQLite file (WAL) or a database on a throwaway PostgreSQL
/// cluster the benchmark starts itself, with the app's schema (each provider's migrations), a context factory whose
/// commands can be recorded, and clean-up (the file deleted, the cluster stopped and deleted).</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uc-bench", Guid.NewGuid().ToString("N"));
    private readonly BenchPostgres? _postgres;

    public BenchDatabase(string fileName, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Provider = provider;
        if (provider == DatabaseProvider.PostgreSQL)
        {
            FilePath = "";
            _postgres = BenchPostgres.Start();
            // As the app opens it: without the server's JIT (DatabaseSettings), for the service and the replay alike.
            ConnectionString = UserConsole.Domain.Persistence.DatabaseSettings.WithoutJit(_postgres.CreateDatabase(Path.GetFileNameWithoutExtension(fileName)));
            var options = DatabaseRegistration.PostgresOptions(new DbContextOptionsBuilder<PostgresUserConsoleDbContext>(), ConnectionString)
                .AddInterceptors(Recorder).Options;
            Contexts = new Factory(() => new PostgresUserConsoleDbContext(options));
            return;
        }

        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, fileName);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
        var sqlite = new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite(ConnectionString).AddInterceptors(Recorder).Options;
        Contexts = new Factory(() => new UserConsoleDbContext(sqlite));
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (empty on PostgreSQL).</summary>
    public string FilePath { get; }

    public string ConnectionString { get; }

    public CommandRecorder Recorder { get; } = new();

    public IDbContextFactory<UserConsoleDbContext> Contexts { get; }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public string Name => ProviderName(Provider);

    public static string ProviderName(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSQL ? "PostgreSQL" : "SQLite";

    /// <summary>A new (closed) connection of the provider.</summary>
    public DbConnection OpenConnection() => Provider == DatabaseProvider.PostgreSQL ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    /// <summary>What the database is and how big it is, for the heading.</summary>
    public async Task<string> DescribeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return string.Create(CultureInfo.InvariantCulture, $"SQLite file (WAL), {new FileInfo(FilePath).Length / 1_000_000} MB");
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_database_size(current_database())";
        var size = (long)(await command.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {BenchPostgres.Version} (throwaway local cluster, fsync off, shared_buffers 256MB), {size / 1_000_000} MB");
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            _postgres.Dispose();
            return;
        }

        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a temporary folder
        }
    }

    private sealed class Factory(Func<UserConsoleDbContext> create) : IDbContextFactory<UserConsoleDbContext>
    {
        public UserConsoleDbContext CreateDbContext() => create();
    }
}

/// <summary>Which providers a benchmark runs on (<c>--provider sqlite|postgresql</c>; both by default), and the
/// line saying why PostgreSQL is skipped when its binaries are missing.</summary>
internal static class BenchProviders
{
    public static (IReadOnlyList<DatabaseProvider> Providers, string? Skipped) Choose(string? option)
    {
        var wanted = option is null ? [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL] : new[] { DatabaseSettings.ParseProvider(option) };
        if (wanted.Contains(DatabaseProvider.PostgreSQL) && BenchPostgres.MissingReason is { } reason)
        {
            var rest = wanted.Where(p => p != DatabaseProvider.PostgreSQL).ToList();
            return (rest, $"PostgreSQL figures skipped: {reason}");
        }

        return (wanted, null);
    }
}

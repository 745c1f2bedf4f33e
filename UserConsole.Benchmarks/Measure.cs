using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;

namespace UserConsole.Benchmarks;

/// <summary>How every figure is taken: a median over repeated runs after warm-up runs, for a domain call and for
/// the SQL it sent replayed on a plain connection.</summary>
internal static class Measure
{
    public const int Warmup = 3;
    public const int Runs = 21;

    public static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    /// <summary>SQLite's query plan of each recorded command, indented under <paramref name="name"/>.</summary>
    public static async Task<IEnumerable<string>> PlansAsync(string connectionString, string name, IReadOnlyList<RecordedCommand> commands)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var recorded in commands)
        {
            await using var command = recorded.On(connection, "EXPLAIN QUERY PLAN ");
            await using var reader = await command.ExecuteReaderAsync();
            var steps = new List<string>();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
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
    public static async Task<TimeSpan> BareSqlAsync(string connectionString, IReadOnlyList<RecordedCommand> commands)
    {
        await using var connection = new SqliteConnection(connectionString);
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

/// <summary>A temporary SQLite file with the app's schema, a context factory whose commands can be recorded, and
/// clean-up.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uc-bench", Guid.NewGuid().ToString("N"));

    public BenchDatabase(string fileName)
    {
        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, fileName);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
        Contexts = new Factory(new DbContextOptionsBuilder<UserConsoleDbContext>().UseSqlite(ConnectionString).AddInterceptors(Recorder).Options);
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public CommandRecorder Recorder { get; } = new();

    public IDbContextFactory<UserConsoleDbContext> Contexts { get; }

    public async ValueTask DisposeAsync()
    {
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

    private sealed class Factory(DbContextOptions<UserConsoleDbContext> options) : IDbContextFactory<UserConsoleDbContext>
    {
        public UserConsoleDbContext CreateDbContext() => new(options);
    }
}

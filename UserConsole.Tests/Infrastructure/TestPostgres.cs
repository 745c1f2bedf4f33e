using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UserConsole.Domain.Persistence;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Which database the domain and integration suites run on: SQLite unless the environment variable
/// <c>USERCONSOLE_TEST_PROVIDER=PostgreSQL</c> asks for PostgreSQL (CI runs both).</summary>
public static class TestProvider
{
    public const string Variable = "USERCONSOLE_TEST_PROVIDER";

    public static DatabaseProvider Current { get; } = DatabaseSettings.ParseProvider(Environment.GetEnvironmentVariable(Variable));

    public static bool IsPostgres => Current == DatabaseProvider.PostgreSQL;

    /// <summary>Skips a test that checks a SQLite mechanism (a file, a PRAGMA, FTS5 rowids) on a PostgreSQL run;
    /// its PostgreSQL counterpart is a test of its own.</summary>
    public static void SkipUnlessSqlite(string why)
    {
        if (IsPostgres)
        {
            Assert.Skip($"SQLite only: {why}");
        }
    }

    public static void SkipUnlessPostgres(string why)
    {
        if (!IsPostgres)
        {
            Assert.Skip($"PostgreSQL only ({Variable}=PostgreSQL): {why}");
        }
    }
}

/// <summary>A throwaway PostgreSQL cluster for the whole test run: Debian's server binaries, a data folder under a
/// temporary directory, listening only on 127.0.0.1 on a free port, started on first use and stopped (and deleted)
/// when the test process exits. initdb and postgres refuse to run as root, so as root they run as the
/// <c>postgres</c> user. Each test context gets its own database, cloned from a migrated template (fast). A test that
/// stops or restarts the server starts a cluster of its own (<see cref="StartOwn"/>) so that it never disturbs the
/// others.</summary>
public sealed class TestPostgres : IDisposable
{
    private static readonly Lazy<TestPostgres> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static int _databases;
    private bool _templateReady;
    private bool _destroyed;

    private TestPostgres(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public static TestPostgres Shared => Instance.Value;

    /// <summary>Whether Debian's PostgreSQL server binaries are installed.</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinFolder, "pg_ctl"));

    /// <summary>Skips the calling test when the server binaries are missing (fails under CI=true).</summary>
    public static void EnsureInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        var message = $"PostgreSQL's server binaries are not installed ({BinFolder}); install them with `apt-get install -y postgresql` to run this test.";
        if (Chromium.IsCi)
        {
            throw new InvalidOperationException("CI=true: " + message);
        }

        Assert.Skip(message);
    }

    /// <summary>A cluster of the caller's own (its own folder and port), for a test that stops and starts the server;
    /// dispose it to stop and remove it (it is removed at the process's exit in any case).</summary>
    public static TestPostgres StartOwn() => Start();

    public string Folder { get; }

    public int Port { get; }

    public string DataFolder => Path.Combine(Folder, "data");

    /// <summary>A connection string to <paramref name="database"/> as the cluster's superuser.</summary>
    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = pooling,
        IncludeErrorDetail = true,
    }.ToString();

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        await EnsureTemplateAsync();
        var name = $"uc_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE \"{name}\" TEMPLATE uc_template");
        return ConnectionString(name);
    }

    /// <summary>A new database with nothing in it (the app migrates it at start-up).</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"uc_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown); <see cref="StartServer"/> brings it back on the same port.</summary>
    public void StopServer() => PgCtl("stop", "-m", "fast", "-w");

    public void StartServer() => PgCtl("start", "-w", "-t", "60", "-l", Path.Combine(Folder, "server.log"), "-o", ServerOptions(Port));

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database, pooling: false));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    private async Task EnsureTemplateAsync()
    {
        if (Volatile.Read(ref _templateReady))
        {
            return;
        }

        await TemplateGate.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            await ExecuteAsync("postgres", "CREATE DATABASE uc_template");
            var options = new DbContextOptionsBuilder<PostgresUserConsoleDbContext>().UseNpgsql(ConnectionString("uc_template", pooling: false)).Options;
            await using (var db = new PostgresUserConsoleDbContext(options))
            {
                await db.Database.MigrateAsync();
            }

            Volatile.Write(ref _templateReady, true);
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static TestPostgres Start()
    {
        RemoveAbandoned();
        var folder = Path.Combine(Path.GetTempPath(), "uc-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var server = new TestPostgres(folder, FreePort());
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", folder);
        }

        Tool("initdb", "-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        server.StartServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Destroy();
        return server;
    }

    // Clusters of test runs that were killed before they could stop theirs (their owner process is gone).
    private static void RemoveAbandoned()
    {
        var root = Path.Combine(Path.GetTempPath(), "uc-pg");
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(root))
        {
            var owner = Path.Combine(folder, "owner.pid");
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                Tool("pg_ctl", "-D", Path.Combine(folder, "data"), "stop", "-m", "immediate", "-w");
            }
            catch (InvalidOperationException)
            {
                // Not running.
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string ServerOptions(int port) =>
        $"-c listen_addresses=127.0.0.1 -p {port} -k {Path.GetTempPath().TrimEnd('/')} -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB";

    /// <summary>Stops the server (immediately) and removes its folder.</summary>
    public void Dispose() => Destroy();

    private void Destroy()
    {
        if (_destroyed)
        {
            return;
        }

        _destroyed = true;
        try
        {
            NpgsqlConnection.ClearAllPools();
            PgCtl("stop", "-m", "immediate", "-w");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void PgCtl(params string[] arguments) => Tool("pg_ctl", ["-D", DataFolder, .. arguments]);

    private static void Tool(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinFolder, tool);
        if (IsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    /// <summary>Debian's server binaries (/usr/lib/postgresql/N/bin), the newest installed.</summary>
    public static string BinFolder { get; } =
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault() ?? "/usr/lib/postgresql/15/bin"
            : "/usr/lib/postgresql/15/bin";

    private static bool IsRoot => Environment.UserName == "root";

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace UserConsole.Benchmarks;

/// <summary>A throwaway PostgreSQL cluster for one benchmark (as the tests' TestPostgres): Debian's server binaries,
/// a data folder under a temporary directory, listening only on 127.0.0.1 on a free port, fsync off; as root initdb
/// and pg_ctl run as the <c>postgres</c> user. Disposing it stops the server and deletes the folder.</summary>
internal sealed class BenchPostgres : IDisposable
{
    private bool _destroyed;

    private BenchPostgres(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>Debian's server binaries (/usr/lib/postgresql/N/bin), the newest installed.</summary>
    public static string BinFolder { get; } =
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault() ?? "/usr/lib/postgresql/15/bin"
            : "/usr/lib/postgresql/15/bin";

    /// <summary>Whether the server binaries are installed.</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinFolder, "pg_ctl")) && File.Exists(Path.Combine(BinFolder, "initdb"));

    /// <summary>Why PostgreSQL figures cannot be taken, or null when they can.</summary>
    public static string? MissingReason => IsInstalled ? null
        : $"PostgreSQL's server binaries are not installed ({BinFolder}/pg_ctl); install them with `apt-get install -y postgresql`.";

    /// <summary>The server's major version (the binaries' folder name).</summary>
    public static string Version => Path.GetFileName(Path.GetDirectoryName(BinFolder)) ?? "?";

    public string Folder { get; }

    public int Port { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    public static BenchPostgres Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-bench-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = new BenchPostgres(folder, FreePort());
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", folder);
        }

        Tool("initdb", "-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        server.PgCtl("start", "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"), "-o",
            string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {Path.GetTempPath().TrimEnd('/')} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // A benchmark's own database name.
            command.CommandText = $"CREATE DATABASE \"{name}\"";
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server (immediately) and removes its folder.</summary>
    public void Dispose()
    {
        if (_destroyed)
        {
            return;
        }

        _destroyed = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
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

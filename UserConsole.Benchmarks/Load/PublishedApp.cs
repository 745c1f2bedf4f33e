using System.Diagnostics;
using UserConsole.Tests.Infrastructure;
using System.Net;
using System.Net.Sockets;

namespace UserConsole.Benchmarks.Load;

/// <summary>The app as it is deployed: `dotnet publish -c Release` (ReadyToRun, as the app project sets for every
/// publish) into a temporary folder, started as its own process in Production on a free loopback port with a temporary
/// data folder. Its output is kept (the one-time password is read from it and never printed); the process and its
/// folders are removed on dispose.</summary>
internal sealed class PublishedApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly string? _owned;
    private readonly List<string> _output = [];

    private PublishedApp(Process process, string folder, string? owned, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        _owned = owned;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string DatabasePath => Path.Combine(DataFolder, "userconsole.db");

    public string DataFolder { get; private init; } = "";

    public int ProcessId => _process.Id;

    /// <summary>Publishes and starts the app; returns once /health answers 200, with the time that took after start.</summary>
    public static async Task<(PublishedApp App, TimeSpan StartToHealthy)> StartAsync(TextWriter output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "uc-bench-app", Guid.NewGuid().ToString("N"));
        var publish = await PublishAsync(output, folder);
        var app = await StartPublishedAsync(publish, settings, folder);
        return (app, app.StartToHealthy);
    }

    /// <summary>`dotnet publish -c Release` into <paramref name="folder"/>/app (a new temporary folder when null);
    /// returns the published folder.</summary>
    public static async Task<string> PublishAsync(TextWriter output, string? folder = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "uc-bench-app", Guid.NewGuid().ToString("N"));
        var publish = Path.Combine(folder, "app");
        output.WriteLine("Publishing UserConsole.App (Release)…");
        await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "UserConsole.App"), "-c", "Release", "-o", publish, "--nologo", "-v", "q"]);
        return publish;
    }

    /// <summary>Starts the app published in <paramref name="publish"/> (data beside it unless the settings say
    /// otherwise) and returns once /health answers 200. Disposing it stops it and deletes <paramref name="owned"/>
    /// when given.</summary>
    public static async Task<PublishedApp> StartPublishedAsync(string publish, IReadOnlyDictionary<string, string>? settings = null, string? owned = null)
    {
        var folder = Path.GetDirectoryName(publish)!;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = publish,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(publish, "UserConsole.App.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var data = settings is not null && settings.TryGetValue("UserConsole:DataFolder", out var chosen) ? chosen : Path.Combine(folder, "data");
        start.Environment["UserConsole__DataFolder"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new PublishedApp(process, folder, owned, new Uri($"http://127.0.0.1:{port}")) { DataFolder = data };
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        app.StartToHealthy = watch.Elapsed;
        process.Refresh();
        app.CpuToHealthy = process.TotalProcessorTime;
        return app;
    }

    /// <summary>From the process start to the first 200 of /health.</summary>
    public TimeSpan StartToHealthy { get; private set; }

    /// <summary>The processor time (user + system, every thread) the process had used by then: on a busy machine
    /// a steadier figure of the start-up work than the wall clock.</summary>
    public TimeSpan CpuToHealthy { get; private set; }

    /// <summary>Lines the app wrote that look like errors (the one-time password block is never among them).</summary>
    public IReadOnlyList<string> ErrorLines()
    {
        lock (_output)
        {
            return [.. _output.Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal))];
        }
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "UserConsole.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("UserConsole.sln not found above " + AppContext.BaseDirectory);
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    // Only its error lines are shown: the first start prints the one-time password.
    private Task WaitHealthyAsync(TimeSpan timeout) =>
        HealthProbe.WaitHealthyAsync(BaseAddress, _process, timeout, () => string.Join('\n', ErrorLines()));

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed:\n{await stdout}{await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_owned is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_owned, recursive: true);
        }
        catch (IOException)
        {
            // a temporary folder
        }
    }
}

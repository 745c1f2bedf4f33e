using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace UserConsole.Tests.Infrastructure;

/// <summary>The real app, started as its own process (`dotnet UserConsole.App.dll`) on a free loopback port with
/// a temporary data folder, as a person would run it. Its console output is kept, so tests read the one-time
/// password exactly where a person reads it.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string _dataFolder;

    private AppProcess(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    /// <summary>The app's operating-system process id (`dotnet UserConsole.App.dll` runs the app in that process).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string DataFolder => _dataFolder;

    public string DatabasePath => Path.Combine(_dataFolder, "userconsole.db");

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The first admin's one-time password as printed at the first start.</summary>
    public string AdminOneTimePassword =>
        Output.Select(l => OneTimePasswordLine().Match(l)).LastOrDefault(m => m.Success)?.Groups[1].Value
        ?? throw new InvalidOperationException("The app printed no one-time password:\n" + string.Join('\n', Output));

    /// <summary>Starts the app and waits until /health answers Healthy.</summary>
    /// <param name="settings">Configuration overrides, passed as environment variables ("Security:X" → "Security__X").</param>
    /// <param name="dataFolder">An existing data folder to reuse (a restart); a new temporary one when null.</param>
    /// <param name="port">The loopback port to listen on (a restart behind a load balancer); a free one when null.</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataFolder = null, string environment = "Development", int? port = null)
    {
        dataFolder ??= Path.Combine(Path.GetTempPath(), "uc-app", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.AppProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.AppAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["UserConsole__DataFolder"] = dataFolder;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), dataFolder);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return app;
    }

    /// <summary>Runs the app once as a console command (for example reset-admin-password) on a data folder and
    /// returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string dataFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.AppProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.AppAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["UserConsole__DataFolder"] = dataFolder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private Task WaitHealthyAsync(TimeSpan timeout) =>
        HealthProbe.WaitHealthyAsync(BaseAddress, _process, timeout, () => string.Join('\n', Output));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the process (the data folder stays for a restart until <see cref="DeleteData"/>).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void DeleteData()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"^One-time password: (\S+)$")]
    private static partial Regex OneTimePasswordLine();
}

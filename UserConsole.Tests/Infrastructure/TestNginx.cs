using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Debian's nginx as the load balancer in front of several app instances, configured as the README's "Run
/// several instances" says (sticky by client address, WebSockets passed through), started as a child process
/// (<c>daemon off</c>) on a free loopback port with its configuration, pid file, logs and temporary files under a
/// temporary folder, and stopped with the test. It adds one header for the tests, <c>X-Upstream</c>: the instance (or
/// instances, when one failed) that answered, so a test knows which instance served a page.</summary>
public sealed class TestNginx : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/nginx";

    /// <summary>The response header naming the instance that answered (nginx's <c>$upstream_addr</c>).</summary>
    public const string UpstreamHeader = "x-upstream";

    private readonly Process _process;

    private TestNginx(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    public string Folder { get; }

    public string ErrorLog => ReadLog("error.log");

    public string AccessLog => ReadLog("access.log");

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Skips the calling test when nginx is missing (fails under CI=true).</summary>
    public static void EnsureInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        const string message = "nginx is not installed at /usr/sbin/nginx; install it with `apt-get install -y nginx` to run the two-instance tests.";
        if (Chromium.IsCi)
        {
            throw new InvalidOperationException("CI=true: " + message);
        }

        Assert.Skip(message);
    }

    /// <summary>Writes the configuration for <paramref name="instances"/>, starts nginx and waits until it accepts
    /// connections.</summary>
    public static async Task<TestNginx> StartAsync(IReadOnlyList<Uri> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var folder = Path.Combine(Path.GetTempPath(), "uc-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var configuration = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(folder, port, instances, Environment.UserName));

        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[] { "-p", folder + "/", "-c", configuration, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new TestNginx(process, folder, port);
        await nginx.WaitListeningAsync(port, TimeSpan.FromSeconds(20));
        return nginx;
    }

    /// <summary>The configuration the README shows, with this run's ports and folder. nginx started by root switches
    /// its workers to <c>user</c>; they run as root here too, since they only relay loopback traffic and write under
    /// the temporary folder.</summary>
    public static string Configuration(string folder, int port, IEnumerable<Uri> instances, string userName)
    {
        var servers = string.Concat(instances.Select(i => $"        server {i.Host}:{i.Port} max_fails=1 fail_timeout=5s;\n"));
        var user = userName == "root" ? "user root root;\n" : "";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;

                upstream userconsole {
                    hash $remote_addr consistent;
            {{servers}}    }
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://userconsole;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1h;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }

            """);
    }

    /// <summary>The instance that finally answered, from an <see cref="UpstreamHeader"/> value ("a, b" when nginx
    /// tried a first and it failed).</summary>
    public static Uri LastUpstream(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new Uri("http://" + header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    private async Task WaitListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}:\n{ErrorLog}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nginx did not listen on {port} within {timeout}:\n{ErrorLog}");
    }

    private string ReadLog(string name)
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
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
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;
using UserConsole.App.Live;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Roles;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Two instances of the real app (own processes, own data folders) on one throwaway PostgreSQL database of a
/// cluster of their own (so that a test may stop and restart the server), behind Debian's nginx configured as the
/// README says, and one Chromium. nginx keeps a client on one instance by its address; every browser here connects
/// from 127.0.0.1, so all pages opened through nginx land on one instance, called <see cref="B"/> (the fixture asks
/// nginx which); pages opened directly on the other instance's port are on <see cref="A"/>.</summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private readonly List<string> _cspViolations = [];
    private TestPostgres? _postgres;
    private TestNginx? _nginx;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Dictionary<string, string> _settings = [];
    private readonly List<(DateTime, string)> _notifications = [];
    private readonly CancellationTokenSource _stopListening = new();
    private Task? _listener;

    public TestPostgres Postgres => _postgres ?? throw NotStarted();

    public TestNginx Nginx => _nginx ?? throw NotStarted();

    public IBrowser Browser => _browser ?? throw NotStarted();

    public DatabaseSettings Database { get; private set; } = null!;

    /// <summary>The instance administrators here use directly, by its own port.</summary>
    public AppProcess A { get; private set; } = null!;

    /// <summary>The instance nginx sends this machine's browsers to.</summary>
    public AppProcess B { get; private set; } = null!;

    public Role SupportRole { get; private set; } = null!;

    public Role NightOpsRole { get; private set; } = null!;

    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (_cspViolations)
            {
                return [.. _cspViolations];
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        if (!Chromium.IsInstalled || !TestNginx.IsInstalled || !TestPostgres.IsInstalled)
        {
            return; // each test skips (or fails under CI) through EnsureReady
        }

        _postgres = TestPostgres.StartOwn();
        var connectionString = await _postgres.CreateEmptyDatabaseAsync();
        Database = new DatabaseSettings(DatabaseProvider.PostgreSQL, connectionString);
        _settings = new Dictionary<string, string>
        {
            ["UserConsole:DemoData"] = "false",
            [DatabaseSettings.ProviderKey] = "PostgreSQL",
            ["ConnectionStrings:UserConsole"] = connectionString,
            ["Security:KnownProxies"] = "127.0.0.1",
            // One "Confirm it's you" per administrator page lasts the whole class (the first sensitive action asks).
            ["Security:ReauthenticateMinutes"] = "60",
            ["Security:SignInPermitLimit"] = "1000", // repeated scenarios sign in far more often than a person would
        };

        // One after the other: the first start migrates, creates the first admin and the Data Protection key ring.
        var first = await AppProcess.StartAsync(_settings);
        var second = await AppProcess.StartAsync(_settings);
        _nginx = await TestNginx.StartAsync([first.BaseAddress, second.BaseAddress]);
        var served = await ServedThroughNginxAsync();
        (A, B) = served == first.BaseAddress ? (second, first) : (first, second);
        (_playwright, _browser) = await Chromium.LaunchAsync();
        await ListenAsThirdPartyAsync();

        await using var database = await AttachDatabaseAsync();
        await using (var db = await database.DbAsync())
        {
            var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
            await database.SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
            await database.CreateUserAsync("admin2", await db.Roles.SingleAsync(r => r.IsFirstAdminRole));
        }

        SupportRole = await database.CreateRoleAsync("Support", Permissions.ViewUsersPage, Permissions.EditUsers);
        NightOpsRole = await database.CreateRoleAsync("Night ops", Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.ViewMonitorPage);
    }

    /// <summary>Skips the calling test when Chromium, nginx or PostgreSQL is missing (fails under CI=true).</summary>
    public static void EnsureReady()
    {
        Chromium.EnsureInstalled();
        TestNginx.EnsureInstalled();
        TestPostgres.EnsureInstalled();
    }

    /// <summary>Domain services over the shared database, for arranging and checking data.</summary>
    public Task<DomainTestContext> AttachDatabaseAsync() => DomainTestContext.AttachAsync(Database);

    /// <summary>A new browser context and page through nginx (so on <see cref="B"/>).</summary>
    public Task<IPage> NewPageThroughNginxAsync()
    {
        EnsureReady();
        return BrowserAppFixture.OpenPageAsync(Browser, Nginx.BaseAddress, ReportCspViolation);
    }

    /// <summary>A new browser context and page directly on <paramref name="instance"/>'s own port.</summary>
    public Task<IPage> NewPageOnAsync(AppProcess instance)
    {
        EnsureReady();
        ArgumentNullException.ThrowIfNull(instance);
        return BrowserAppFixture.OpenPageAsync(Browser, instance.BaseAddress, ReportCspViolation);
    }

    /// <summary>Which instance nginx gives a request from this machine to (its <c>X-Upstream</c> header).</summary>
    public async Task<Uri> ServedThroughNginxAsync()
    {
        using var http = new HttpClient { BaseAddress = Nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Nginx.ErrorLog);
        return TestNginx.LastUpstream(string.Join(',', response.Headers.GetValues(TestNginx.UpstreamHeader)));
    }

    /// <summary>Starts <see cref="B"/> again (after a test stopped it) on its port and data folder, and waits until
    /// nginx sends this machine's requests to it again (nginx retries a failed instance after 5 s).</summary>
    public async Task RestartBAsync()
    {
        if (!B.HasExited)
        {
            return;
        }

        var stopped = B;
        await stopped.DisposeAsync();
        B = await AppProcess.StartAsync(_settings, stopped.DataFolder, port: stopped.BaseAddress.Port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ServedThroughNginxAsync() != B.BaseAddress)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "nginx should send requests to the restarted instance again");
            await Task.Delay(250);
        }
    }

    /// <summary>The server process of <paramref name="instance"/>'s LISTEN connection, found by the application name
    /// the change feed gives it; null while it is not connected.</summary>
    public async Task<int?> ListenerBackendOfAsync(AppProcess instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name LIKE @prefix || ' %/' || @pid", connection);
        command.Parameters.AddWithValue("prefix", PostgresChangeFeed.ListenerApplicationPrefix);
        command.Parameters.AddWithValue("pid", instance.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await command.ExecuteScalarAsync() is int pid ? pid : null;
    }

    /// <summary>Every notification on the feed's channel, heard by a third listener (the test), with the time it
    /// arrived: tells the time a change took to leave A from the time B took to show it.</summary>
    public IReadOnlyList<(DateTime At, string Payload)> Notifications
    {
        get
        {
            lock (_notifications)
            {
                return [.. _notifications];
            }
        }
    }

    private async Task ListenAsThirdPartyAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        connection.Notification += (_, e) =>
        {
            lock (_notifications)
            {
                _notifications.Add((DateTime.UtcNow, e.Payload));
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChangeFeed.ChannelName}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        _listener = Task.Run(async () =>
        {
            await using (connection)
            {
                while (!_stopListening.IsCancellationRequested)
                {
                    try
                    {
                        await connection.WaitAsync(_stopListening.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or NpgsqlException or IOException or InvalidOperationException)
                    {
                        return; // stopped, or the server restarted: the figures are only a diagnostic
                    }
                }
            }
        });
    }

    private void ReportCspViolation(string violation)
    {
        lock (_cspViolations)
        {
            _cspViolations.Add(violation);
        }
    }

    private static InvalidOperationException NotStarted() => new("The two-instance fixture is not started.");

    public async ValueTask DisposeAsync()
    {
        var violations = CspViolations;
        await _stopListening.CancelAsync();
        if (_listener is not null)
        {
            await _listener;
        }

        _stopListening.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_nginx is not null)
        {
            if (Environment.GetEnvironmentVariable("UC_SCALEOUT_DUMP") is { Length: > 0 } dump)
            {
                await File.WriteAllTextAsync($"{dump}.nginx-access.log", _nginx.AccessLog);
                await File.WriteAllTextAsync($"{dump}.nginx-error.log", _nginx.ErrorLog);
            }

            await _nginx.DisposeAsync();
        }

        foreach (var instance in new[] { A, B }.Where(i => i is not null))
        {
            if (Environment.GetEnvironmentVariable("UC_SCALEOUT_DUMP") is { Length: > 0 } dump)
            {
                await File.WriteAllLinesAsync($"{dump}.{instance.BaseAddress.Port}.log", instance.Output);
            }

            await instance.DisposeAsync();
            instance.DeleteData();
        }

        NpgsqlConnection.ClearAllPools();
        _postgres?.Dispose();
        Assert.True(violations.Count == 0, "Content-Security-Policy violations in the two-instance tests:\n" + string.Join('\n', violations));
    }
}

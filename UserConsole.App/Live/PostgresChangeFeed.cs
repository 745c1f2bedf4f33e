using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Live;

/// <summary>The change feed across instances sharing PostgreSQL. A committed change is delivered to this instance's
/// subscriptions at once and sent to the others with <c>NOTIFY userconsole_changes</c>; a dedicated connection
/// LISTENs and feeds the other instances' changes into the local subscriptions. When that connection is lost (a
/// restart, a network cut, its backend terminated) it reconnects with backoff (0.25 s doubling to 10 s) and then tells
/// every open circuit to reload (<see cref="DomainChange.Resync"/>), since changes made meanwhile were not heard. The
/// LISTEN connection names itself in <c>pg_stat_activity.application_name</c> as <see cref="ListenerApplicationName"/>
/// ("userconsole-feed host/pid"), so an operator sees which instance listens.</summary>
public sealed partial class PostgresChangeFeed(InMemoryChangeFeed local, DatabaseSettings database, ILogger<PostgresChangeFeed> logger)
    : BackgroundService, IChangePublisher
{
    /// <summary>The NOTIFY channel every instance listens on.</summary>
    public const string ChannelName = "userconsole_changes";

    /// <summary>How the LISTEN connections of all instances begin their <c>application_name</c>.</summary>
    public const string ListenerApplicationPrefix = "userconsole-feed";

    /// <summary>This instance's LISTEN connection's <c>application_name</c>: the prefix, the host and the process id
    /// (PostgreSQL keeps 63 bytes of it).</summary>
    public static string ListenerApplicationName { get; } = Truncate($"{ListenerApplicationPrefix} {Environment.MachineName}/{Environment.ProcessId}", 63);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Channel<DomainChange> _outgoing = Channel.CreateUnbounded<DomainChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _sender = NpgsqlDataSource.Create(database.ConnectionString);
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _listenerProcessId;

    /// <summary>The server process of the LISTEN connection; 0 while it is not connected.</summary>
    public int ListenerProcessId => Volatile.Read(ref _listenerProcessId);

    /// <summary>How many times the LISTEN connection came back after it was lost.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Completes when the LISTEN connection is (again) established.</summary>
    public Task Listening => _listening.Task;

    public void Publish(DomainChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        local.Publish(change);
        _outgoing.Writer.TryWrite(change);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        var connectedBefore = false;
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 5, ApplicationName = ListenerApplicationName }.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Volatile.Write(ref _listenerProcessId, connection.ProcessID);
                if (connectedBefore)
                {
                    Reconnects++;
                    LogReconnected(connection.ProcessID);
                    ClearPools(); // again: connections opened while the server went away may be dead too
                    local.Resync();
                }

                connectedBefore = true;
                retry = FirstRetry;
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Volatile.Write(ref _listenerProcessId, 0);
                ClearPools();
                if (_listening.Task.IsCompleted)
                {
                    _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                LogLost(ex, retry.TotalSeconds);
                await Task.Delay(retry, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
        }
    }

    // One sender, in commit order; a change waits (retrying with backoff) while the database is unreachable.
    private async Task SendAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _outgoing.Reader.ReadAllAsync(stoppingToken))
            {
                var payload = JsonSerializer.Serialize(new Message(_instance, change.Kind, change.EntityId, change.Action, change.OriginSessionId));
                var retry = FirstRetry;
                while (true)
                {
                    try
                    {
                        await using var notify = _sender.CreateCommand("SELECT pg_notify(@channel, @payload);");
                        notify.Parameters.AddWithValue("channel", ChannelName);
                        notify.Parameters.AddWithValue("payload", payload);
                        await notify.ExecuteNonQueryAsync(stoppingToken);
                        break;
                    }
                    catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
                    {
                        LogSendFailed(ex, retry.TotalSeconds);
                        await Task.Delay(retry, stoppingToken);
                        retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // A lost LISTEN connection usually means the server restarted or the network broke: the idle pooled connections
    // of the app are then dead as well, and the next page to use one would fail (57P01, a broken stream). Clearing the
    // pools makes every later command open a fresh connection; connections in use are closed when they come back.
    private void ClearPools()
    {
        using (var app = new NpgsqlConnection(database.ConnectionString))
        {
            NpgsqlConnection.ClearPool(app);
        }

        _sender.Clear();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>(e.Payload);
        }
        catch (JsonException ex)
        {
            LogUnreadable(ex);
            return;
        }

        if (message is not null && !string.Equals(message.Instance, _instance, StringComparison.Ordinal))
        {
            local.Publish(new DomainChange(message.Kind, message.EntityId, message.Action, message.OriginSessionId));
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _sender.Dispose();
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed record Message(string Instance, ChangeKind Kind, string EntityId, ChangeAction Action, string? OriginSessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's LISTEN connection to PostgreSQL was lost; reconnecting in {Seconds} s.")]
    private partial void LogLost(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The change feed listens again (server process {ProcessId}); open circuits reload what they show.")]
    private partial void LogReconnected(int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change could not be sent to the other instances; retrying in {Seconds} s.")]
    private partial void LogSendFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed notification could not be read; ignored.")]
    private partial void LogUnreadable(Exception exception);
}

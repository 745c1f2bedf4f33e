using UserConsole.Domain.Settings;

namespace UserConsole.App.Live;

/// <summary>Keeps this instance's <see cref="SecurityPolicyStore"/> in step with the database (start-up loads it with
/// the migrations): reloads the saved Security policy whenever the change feed reports a save (from another instance
/// sharing the database, or a resync after a lost feed connection). A save on this instance is in force at once.</summary>
internal sealed partial class SecurityPolicyRefresher(IChangeFeed feed, SecurityPolicyStore store, ILogger<SecurityPolicyRefresher> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(
            c => c.Kind == ChangeKind.Settings && c.EntityId == SettingsRules.SecurityPolicyId,
            _ => ReloadAsync());
        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        try
        {
            await store.ReloadAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReloadFailed(logger, ex); // the policy in force stays; the next change or resync tries again
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the saved security policy; the policy in force stays")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}

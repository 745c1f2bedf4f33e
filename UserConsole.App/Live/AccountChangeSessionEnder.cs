using UserConsole.Domain.Sessions;

namespace UserConsole.App.Live;

/// <summary>Listens for an administrator's change to an account (disabled, deleted, password reset, 2FA turned off)
/// and ends every open session of that user at once — those without an open page too, which would otherwise look
/// active on the Sessions card until their next request. Open circuits end their own session as well; ending twice
/// is harmless.</summary>
internal sealed partial class AccountChangeSessionEnder(IChangeFeed feed, IServiceScopeFactory scopes, ILogger<AccountChangeSessionEnder> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    /// <summary>What the sign-in page says after such a change; null for a change that ends no session.</summary>
    public static string? ReasonOf(ChangeAction action) => action switch
    {
        ChangeAction.Disabled => "disabled",
        ChangeAction.Deleted => "deleted",
        ChangeAction.PasswordReset => "password-reset",
        ChangeAction.TwoFactorDisabled => "2fa-disabled",
        _ => null,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(c => c.Kind == ChangeKind.User && ReasonOf(c.Action) is not null, EndAsync);
        return Task.CompletedTask;
    }

    private async Task EndAsync(IReadOnlyList<DomainChange> changes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
        foreach (var change in changes)
        {
            // The filter holds, but a feed's resync (ChangeKind.Everything) reaches every subscriber: check again.
            if (change.Kind == ChangeKind.User && ReasonOf(change.Action) is { } reason && Guid.TryParse(change.EntityId, out var userId))
            {
                try
                {
                    await sessions.EndAllBecauseAccountChangedAsync(userId, reason);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogEndFailed(logger, ex, userId); // the stamp still refuses their cookies
                }
            }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not end the sessions of user {UserId} after an account change.")]
    private static partial void LogEndFailed(ILogger logger, Exception exception, Guid userId);
}

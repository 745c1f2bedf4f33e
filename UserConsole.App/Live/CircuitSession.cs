using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Sessions;

namespace UserConsole.App.Live;

/// <summary>One open circuit of a signed-in user. It listens to the change feed for that user and their role:
/// when an administrator disables, deletes, resets the password of or turns off 2FA for the user (or the user
/// changes their credentials in another session), the circuit is revoked at once: its authentication state
/// becomes anonymous (the router sends it to the sign-in page with the reason) and every later event it sends is
/// dropped on the server. When the user's role, its permissions or the user's scope change, the access is
/// re-evaluated and pushed to every open page.
/// It also follows the circuit's server-side session: when the session ends (signed out here or elsewhere, ended
/// by an administrator) the circuit is revoked with that reason; twice a second it checks the idle and absolute
/// limits against the session's last activity (the person's input in any of its circuits, or a request), warns
/// before the idle limit and, at a limit, ends the session and revokes the circuit.</summary>
public sealed partial class CircuitSession(
    IChangeFeed feed,
    AuthenticationStateProvider authenticationStateProvider,
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    SessionUser sessionUser,
    SessionService sessions,
    TimeProvider clock,
    ILogger<CircuitSession> logger) : IDisposable
{
    /// <summary>How often an open circuit looks at its session's limits.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly List<Func<Task>> _accessListeners = [];
    private readonly List<Func<Task>> _expiryListeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;
    private Guid _userId;
    private Guid? _roleId;
    private Guid? _serverSessionId;
    private volatile string? _revocationReason;
    private TimeSpan? _expiryWarning;

    /// <summary>Why this circuit was revoked ("disabled", "password-reset", …), or null while it is valid.</summary>
    public string? RevocationReason => _revocationReason;

    public bool IsRevoked => _revocationReason is not null;

    public string SessionId => sessionUser.SessionId;

    /// <summary>The server-side session this circuit belongs to (the cookie's), if any.</summary>
    public Guid? ServerSessionId => _serverSessionId;

    /// <summary>While the idle limit is near: how long before it the warning came (the page says "You will be
    /// signed out in 2 minutes"); null otherwise.</summary>
    public TimeSpan? ExpiryWarning => _expiryWarning;

    /// <summary>Starts listening for the signed-in user (called when the circuit opens).</summary>
    public async Task StartAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        if (state.User.GetUserId() is not { } userId)
        {
            return;
        }

        _userId = userId;
        _serverSessionId = state.User.GetSessionId();
        _roleId = await RoleOfAsync(userId);
        var id = userId.ToString();
        var session = _serverSessionId?.ToString();
        _subscription = feed.Subscribe(
            c => (c.Kind == ChangeKind.User && c.EntityId == id) || (c.Kind == ChangeKind.Role && c.EntityId == _roleId?.ToString())
                || (c.Kind == ChangeKind.Session && c.Action == ChangeAction.Ended && c.EntityId == session),
            OnChangesAsync);
        if (_serverSessionId is { } serverSession)
        {
            // Runs until the circuit closes or is revoked; it logs its own failures.
            _ = WatchLimitsAsync(serverSession, _stopping.Token);
        }
    }

    /// <summary>The person used this circuit (input reported by the page, or "Stay signed in"): the session's idle
    /// time starts again, and a warning shown goes away at once.</summary>
    public async Task RecordActivityAsync()
    {
        if (_serverSessionId is not { } id || IsRevoked)
        {
            return;
        }

        await sessions.RecordActivityAsync(id);
        await SetWarningAsync(null);
    }

    /// <summary>Calls <paramref name="onChanged"/> when the expiry warning appears or goes. Dispose with the component.</summary>
    public IDisposable NotifyOnExpiryWarning(Func<Task> onChanged)
    {
        lock (_gate)
        {
            _expiryListeners.Add(onChanged);
        }

        return new Registration(this, _expiryListeners, onChanged);
    }

    private async Task WatchLimitsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(WatchInterval, clock);
            while (!IsRevoked && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var state = await sessions.StateAsync(sessionId, cancellationToken);
                var reason = state is null ? SessionEndReasons.Ended : state.EndReason;
                var now = clock.GetUtcNow().UtcDateTime;
                if (reason is null && state is not null && sessions.Limits.ExpiryAt(state.CreatedAt, state.LastActivityAt, now) is not null)
                {
                    reason = await sessions.ExpireAsync(sessionId, cancellationToken);
                }

                if (reason is not null)
                {
                    await RevokeAsync(reason);
                    return;
                }

                var near = state!.LastActivityAt + sessions.Limits.Idle - now <= sessions.Limits.WarningLead;
                await SetWarningAsync(near ? sessions.Limits.WarningLead : null);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The circuit closed.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWatchFailed(logger, ex);
        }
    }

    private async Task SetWarningAsync(TimeSpan? warning)
    {
        if (_expiryWarning == warning)
        {
            return;
        }

        _expiryWarning = warning;
        await NotifyAsync(_expiryListeners);
    }

    /// <summary>Calls <paramref name="onAccessChanged"/> after this user's permissions or scope changed (pages
    /// reload what they show). Dispose the registration with the component.</summary>
    public IDisposable NotifyOnAccessChange(Func<Task> onAccessChanged)
    {
        lock (_gate)
        {
            _accessListeners.Add(onAccessChanged);
        }

        return new Registration(this, _accessListeners, onAccessChanged);
    }

    private async Task OnChangesAsync(IReadOnlyList<DomainChange> changes)
    {
        if (_serverSessionId is { } serverSession && changes.Any(c => c.Kind == ChangeKind.Session))
        {
            await RevokeAsync(await sessions.EndReasonAsync(serverSession) ?? SessionEndReasons.Ended);
            return;
        }

        var reason = changes.Select(ReasonToRevoke).FirstOrDefault(r => r is not null);
        if (reason is not null)
        {
            // An administrator's change ends the server-side session too (its cookie is refused by the stamp anyway).
            // A credentials change of the user's own keeps it: the browser that made it renews its cookie for it.
            if (_serverSessionId is { } ended && reason is not "credentials-changed")
            {
                await sessions.EndBecauseAccountChangedAsync(ended, reason);
            }

            await RevokeAsync(reason);
            return;
        }

        // This session's own password or 2FA change: its page is renewing the cookie with a full page load, and the
        // renewal proves the session by the stamp this circuit still holds. Taking over the new stamp here would race it.
        if (changes.All(c => c.Kind == ChangeKind.User && c.Action == ChangeAction.CredentialsChanged && c.OriginSessionId == SessionId))
        {
            return;
        }

        // Role switched, scope changed, role permissions edited, or details changed: re-read the access.
        _roleId = await RoleOfAsync(_userId);
        if (authenticationStateProvider is CircuitAuthenticationStateProvider circuit && !await circuit.ReevaluateAsync())
        {
            await RevokeAsync("session-ended");
            return;
        }

        await NotifyAsync(_accessListeners);
    }

    private async Task NotifyAsync(List<Func<Task>> registered)
    {
        Func<Task>[] listeners;
        lock (_gate)
        {
            listeners = [.. registered];
        }

        foreach (var listener in listeners)
        {
            try
            {
                await listener();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogListenerFailed(logger, ex);
            }
        }
    }

    private string? ReasonToRevoke(DomainChange change) => change.Kind != ChangeKind.User
        ? null
        : AccountChangeSessionEnder.ReasonOf(change.Action) ?? change.Action switch
        {
            // The user changed their password or 2FA: every other session ends; the one that did it refreshes its
            // own cookie.
            ChangeAction.CredentialsChanged when change.OriginSessionId != SessionId => "credentials-changed",
            _ => null,
        };

    /// <summary>Ends this circuit's session now: anonymous from here on, events dropped, sign-in page shown.</summary>
    public Task RevokeAsync(string reason)
    {
        _revocationReason = reason;
        LogRevoked(logger, _userId, reason);
        if (authenticationStateProvider is CircuitAuthenticationStateProvider circuit)
        {
            circuit.Revoke();
        }

        return Task.CompletedTask;
    }

    private async Task<Guid?> RoleOfAsync(Guid userId)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => (Guid?)u.RoleId).SingleOrDefaultAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of user {UserId} revoked: {Reason}.")]
    private static partial void LogRevoked(ILogger logger, Guid userId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A page failed to update after an access or session change.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The watch of a circuit's session limits failed; the session's requests are still checked.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);

    private sealed class Registration(CircuitSession session, List<Func<Task>> listeners, Func<Task> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (session._gate)
            {
                listeners.Remove(listener);
            }
        }
    }
}

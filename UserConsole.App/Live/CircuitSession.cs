using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Live;

/// <summary>One open circuit of a signed-in user. It listens to the change feed for that user and their role:
/// when an administrator disables, deletes, resets the password of or turns off 2FA for the user (or the user
/// changes their credentials in another session), the circuit is revoked at once: its authentication state
/// becomes anonymous (the router sends it to the sign-in page with the reason) and every later event it sends is
/// dropped on the server. When the user's role, its permissions or the user's scope change, the access is
/// re-evaluated and pushed to every open page.</summary>
public sealed partial class CircuitSession(
    IChangeFeed feed,
    AuthenticationStateProvider authenticationStateProvider,
    IDbContextFactory<UserConsoleDbContext> contextFactory,
    SessionUser sessionUser,
    ILogger<CircuitSession> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Func<Task>> _accessListeners = [];
    private IDisposable? _subscription;
    private Guid _userId;
    private Guid? _roleId;
    private volatile string? _revocationReason;

    /// <summary>Why this circuit was revoked ("disabled", "password-reset", …), or null while it is valid.</summary>
    public string? RevocationReason => _revocationReason;

    public bool IsRevoked => _revocationReason is not null;

    public string SessionId => sessionUser.SessionId;

    /// <summary>Starts listening for the signed-in user (called when the circuit opens).</summary>
    public async Task StartAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        if (state.User.GetUserId() is not { } userId)
        {
            return;
        }

        _userId = userId;
        _roleId = await RoleOfAsync(userId);
        var id = userId.ToString();
        _subscription = feed.Subscribe(
            c => (c.Kind == ChangeKind.User && c.EntityId == id) || (c.Kind == ChangeKind.Role && c.EntityId == _roleId?.ToString()),
            OnChangesAsync);
    }

    /// <summary>Calls <paramref name="onAccessChanged"/> after this user's permissions or scope changed (pages
    /// reload what they show). Dispose the registration with the component.</summary>
    public IDisposable NotifyOnAccessChange(Func<Task> onAccessChanged)
    {
        lock (_gate)
        {
            _accessListeners.Add(onAccessChanged);
        }

        return new Registration(this, onAccessChanged);
    }

    private async Task OnChangesAsync(IReadOnlyList<DomainChange> changes)
    {
        var reason = changes.Select(ReasonToRevoke).FirstOrDefault(r => r is not null);
        if (reason is not null)
        {
            await RevokeAsync(reason);
            return;
        }

        // Role switched, scope changed, role permissions edited, or details changed: re-read the access.
        _roleId = await RoleOfAsync(_userId);
        if (authenticationStateProvider is CircuitAuthenticationStateProvider circuit && !await circuit.ReevaluateAsync())
        {
            await RevokeAsync("session-ended");
            return;
        }

        Func<Task>[] listeners;
        lock (_gate)
        {
            listeners = [.. _accessListeners];
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
        : change.Action switch
        {
            ChangeAction.Disabled => "disabled",
            ChangeAction.Deleted => "deleted",
            ChangeAction.PasswordReset => "password-reset",
            ChangeAction.TwoFactorDisabled => "2fa-disabled",

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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of user {UserId} revoked: {Reason}.")]
    private static partial void LogRevoked(ILogger logger, Guid userId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A page failed to reload after an access change.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);

    private sealed class Registration(CircuitSession session, Func<Task> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (session._gate)
            {
                session._accessListeners.Remove(listener);
            }
        }
    }
}

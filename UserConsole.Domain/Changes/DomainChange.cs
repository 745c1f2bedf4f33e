namespace UserConsole.Domain.Changes;

/// <summary>What kind of entity changed.</summary>
public enum ChangeKind
{
    User,
    Role,
    ProductionServer,
    StorageServer,
    Schedule,
    JobLog,
    BackupPoint,

    /// <summary>A signed-in session (entity id: the session id).</summary>
    Session,

    /// <summary>A part of the Settings page (entity id: "mail", "security").</summary>
    Settings,

    /// <summary>Anything may have changed: the feed lost its connection for a while and changes may have been missed
    /// (see <see cref="DomainChange.Resync"/>). Every subscriber receives it; each reloads what it shows.</summary>
    Everything,
}

/// <summary>What happened to it. User actions that end sessions are named so that open circuits can say why.</summary>
public enum ChangeAction
{
    Created,
    Updated,
    Deleted,
    Disabled,
    Enabled,

    /// <summary>An administrator reset the user's password.</summary>
    PasswordReset,

    /// <summary>An administrator turned the user's 2FA off.</summary>
    TwoFactorDisabled,

    /// <summary>The user's role or scope changed.</summary>
    AccessChanged,

    /// <summary>The user changed their own password or 2FA (their other sessions end).</summary>
    CredentialsChanged,

    /// <summary>A session ended (signed out, ended from elsewhere, expired); its circuits follow.</summary>
    Ended,
}

/// <summary>One committed change: ids, not data. Subscribers reload what they show.</summary>
/// <param name="Kind">What kind of entity changed.</param>
/// <param name="EntityId">Its id.</param>
/// <param name="Action">What happened to it.</param>
/// <param name="OriginSessionId">The session (circuit) that made the change, when it came from one, so that
/// it can tell its own changes from others'.</param>
public sealed record DomainChange(ChangeKind Kind, string EntityId, ChangeAction Action, string? OriginSessionId = null)
{
    /// <summary>Sent to every subscription, whatever its filter, after changes may have been missed.</summary>
    public static DomainChange Resync { get; } = new(ChangeKind.Everything, "*", ChangeAction.Updated);
}

/// <summary>Receives every committed change. The domain calls it after SaveChanges succeeded.</summary>
public interface IChangePublisher
{
    void Publish(DomainChange change);
}

/// <summary>Used where nobody listens (tools, tests that do not care).</summary>
public sealed class NoChangePublisher : IChangePublisher
{
    public void Publish(DomainChange change)
    {
    }
}

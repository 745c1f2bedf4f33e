using UserConsole.Domain.Users;

namespace UserConsole.Domain.Sessions;

/// <summary>The rules of ending sessions, each a check named for what it protects. The operations and the
/// capabilities shown on the profile and the user's page call the same checks.</summary>
public static class SessionRules
{
    public static DomainError SessionNotFound { get; } = new("session.not_found", "This session has already ended. Reload the list.");

    public static DomainError NotYourSession { get; } = new("session.not_yours", "You can only sign out your own sessions here.");

    /// <summary>One signs out only one's own sessions from the profile.</summary>
    internal static DomainError? OwnSessionsOnly(Actor actor, UserSession session) =>
        session.UserId == actor.UserId ? null : NotYourSession;

    public static DomainError NoOtherSessions { get; } = new("session.none_other", "You have no other active sessions.");

    internal static DomainError? HasOtherSessions(int otherCount) => otherCount > 0 ? null : NoOtherSessions;

    public static DomainError NoSessions { get; } = new("session.none", "This user has no active sessions.");

    internal static DomainError? HasSessions(int count) => count > 0 ? null : NoSessions;

    public static DomainError OwnSessionsOnTheProfile { get; } =
        new("self.sessions", "Sign out your own sessions on your profile.");

    /// <summary>An administrator does not end their own sessions (and with them this screen) from here.</summary>
    internal static DomainError? OwnSessionsEndOnTheProfile(Actor actor, Guid targetUserId) =>
        targetUserId == actor.UserId ? OwnSessionsOnTheProfile : null;

    /// <summary>Seeing and ending another user's sessions is user administration: the actor edits users and may
    /// manage this one (the target's permissions and scope are within the actor's own).</summary>
    internal static DomainError? MayManageSessionsOf(Actor actor, UserRules.Target target) =>
        AccessRules.Require(actor, Permissions.EditUsers) ?? UserRules.NoTakeoverOfStrongerUsers(actor, target);
}

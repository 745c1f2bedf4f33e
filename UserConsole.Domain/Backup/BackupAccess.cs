using System.Globalization;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;

namespace UserConsole.Domain.Backup;

/// <summary>The first step of every backup operation: load the actor from the database (the session must still be
/// valid: enabled user, no pending password change) and check the permission the operation needs.</summary>
internal static class BackupAccess
{
    /// <summary>For reads: the actor, or the refusal naming the missing permission.</summary>
    public static async Task<Result<Actor>> RequireAsync(UserConsoleDbContext db, ActingUser by, string permission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        return BackupErrors.Require(actor, permission) is { } refused ? refused : actor;
    }

    /// <summary>For writes: as <see cref="RequireAsync"/>, and a refused attempt is recorded in the audit trail
    /// (nothing else changes).</summary>
    public static async Task<Result<Actor>> RequireToWriteAsync(
        UserConsoleDbContext db, ActingUser by, string permission, DateTime now, string action, string targetType, object? targetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
        if (actor is null)
        {
            return ActorLoader.SessionEnded;
        }

        if (BackupErrors.Require(actor, permission) is { } refused)
        {
            db.AuditEntries.Add(AuditTrail.Refused(now, actor, action, targetType,
                Convert.ToString(targetId, CultureInfo.InvariantCulture), null, refused));
            await db.SaveChangesAsync(cancellationToken);
            return refused;
        }

        return actor;
    }
}

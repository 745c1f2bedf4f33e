using UserConsole.Domain.Access;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Backup;

/// <summary>Every refusal of the backup pages, worded so that a person knows what to do. A missing permission is
/// refused with the permission's name (the same sentence as user administration), never with an empty list. Things
/// outside the actor's scope are "not found": their existence is not revealed.</summary>
public static class BackupErrors
{
    public static DomainError PermissionDenied(string permission) => UserErrors.PermissionDenied(permission);

    public static DomainError ServerNotFound { get; } =
        new("server.not_found", "This production server no longer exists or is outside your access. Reload the list.");

    public static DomainError StorageNotFound { get; } =
        new("storage.not_found", "This storage server no longer exists or is outside your access. Reload the list.");

    public static DomainError ScheduleNotFound { get; } =
        new("schedule.not_found", "This schedule no longer exists or is outside your access. Reload the list.");

    public static DomainError PointNotFound { get; } =
        new("point.not_found", "This backup point no longer exists or is outside your access. Reload the tree.");

    public static DomainError ServerNameTaken(string name) =>
        new("server.name_taken", $"A production server named '{name}' already exists.", "Name");

    public static DomainError StorageNameTaken(string name) =>
        new("storage.name_taken", $"A storage server named '{name}' already exists.", "Name");

    public static DomainError ScheduleNameTaken(string name) =>
        new("schedule.name_taken", $"A schedule named '{name}' already exists.", "Name");

    public static DomainError ScheduleServerOutOfScope { get; } =
        new("schedule.server_scope", "Choose a production server you have access to.", "ProductionServerId");

    public static DomainError ScheduleStorageOutOfScope { get; } =
        new("schedule.storage_scope", "Choose a storage server you have access to.", "StorageServerId");

    public static DomainError ServerOutsideCreatorScope { get; } =
        new("server.create_outside_scope", "Only users with access to all production servers can add one: a new server would be outside your own access.");

    public static DomainError StorageOutsideCreatorScope { get; } =
        new("storage.create_outside_scope", "Only users with access to all storage servers can add one: a new storage would be outside your own access.");

    public static DomainError StaleServer { get; } =
        new("concurrency.stale", "This production server was changed by someone else. Reload to see the changes.");

    public static DomainError StaleStorage { get; } =
        new("concurrency.stale", "This storage server was changed by someone else. Reload to see the changes.");

    public static DomainError StaleSchedule { get; } =
        new("concurrency.stale", "This schedule was changed by someone else. Reload to see the changes.");

    public static DomainError AlreadyRunning(string schedule) =>
        new("schedule.running", $"'{schedule}' is already running.");

    public static DomainError NotRunning(string schedule) =>
        new("schedule.not_running", $"'{schedule}' is not running.");

    public static DomainError UnknownRestoreKind { get; } =
        new("restore.kind", "Choose what to restore: files, databases or disaster recovery.");

    /// <summary>Null when the actor holds the permission, else the refusal naming it.</summary>
    public static DomainError? Require(Actor actor, string permission) => UserErrors.Require(actor, permission);
}

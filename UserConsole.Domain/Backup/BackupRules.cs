using UserConsole.Domain.Users;

namespace UserConsole.Domain.Backup;

/// <summary>The rules of the backup pages, each a check named for what it protects and returning its refusal (or
/// null), worded so that a person knows what to do. A missing permission is refused with the permission's name,
/// never with an empty list. Things outside the actor's scope are "not found": their existence is not revealed.</summary>
public static class BackupRules
{
    public static DomainError PermissionDenied(string permission) => AccessRules.PermissionDenied(permission);

    /// <summary>Null when the actor holds the permission, else the refusal naming it.</summary>
    public static DomainError? Require(Actor actor, string permission) => AccessRules.Require(actor, permission);

    // Out of scope reads as gone: an operation never reveals what the actor cannot see.
    public static DomainError ServerNotFound { get; } =
        new("server.not_found", "This production server no longer exists or is outside your access. Reload the list.");

    public static DomainError StorageNotFound { get; } =
        new("storage.not_found", "This storage server no longer exists or is outside your access. Reload the list.");

    public static DomainError ScheduleNotFound { get; } =
        new("schedule.not_found", "This schedule no longer exists or is outside your access. Reload the list.");

    public static DomainError PointNotFound { get; } =
        new("point.not_found", "This backup point no longer exists or is outside your access. Reload the tree.");

    // Names are unique case-insensitively within their kind.
    public static DomainError ServerNameTaken(string name) => new("server.name_taken", $"A production server named '{name}' already exists.", "Name");

    public static DomainError StorageNameTaken(string name) => new("storage.name_taken", $"A storage server named '{name}' already exists.", "Name");

    public static DomainError ScheduleNameTaken(string name) => new("schedule.name_taken", $"A schedule named '{name}' already exists.", "Name");

    // No escalation through schedules: a schedule backs up only a server, and writes only to a storage, its author sees.
    public static DomainError ScheduleServerOutOfScope { get; } =
        new("schedule.server_scope", "Choose a production server you have access to.", "ProductionServerId");

    public static DomainError ScheduleStorageOutOfScope { get; } =
        new("schedule.storage_scope", "Choose a storage server you have access to.", "StorageServerId");

    // A user limited to chosen servers would add one they cannot see (and that nobody but an administrator could
    // give them): adding servers and storages is for users with access to all of that kind.
    public static DomainError ServerOutsideCreatorScope { get; } =
        new("server.create_outside_scope", "Only users with access to all production servers can add one: a new server would be outside your own access.");

    internal static DomainError? NewServerStaysInCreatorsScope(Actor actor) => actor.Scope.ProductionServers.IsAll ? null : ServerOutsideCreatorScope;

    public static DomainError StorageOutsideCreatorScope { get; } =
        new("storage.create_outside_scope", "Only users with access to all storage servers can add one: a new storage would be outside your own access.");

    internal static DomainError? NewStorageStaysInCreatorsScope(Actor actor) => actor.Scope.StorageServers.IsAll ? null : StorageOutsideCreatorScope;

    /// <summary>What an action checks on the actor alone after the permission and before any target: the rule that
    /// adding servers or storages is for users with access to all of that kind. The operations call these same checks.</summary>
    internal static DomainError? ActorMayUse(Actor actor, string permission) => permission switch
    {
        Permissions.CreateServers => NewServerStaysInCreatorsScope(actor),
        Permissions.CreateStorages => NewStorageStaysInCreatorsScope(actor),
        _ => null,
    };

    // Edits never overwrite a newer version.
    public static DomainError StaleServer { get; } =
        new("concurrency.stale", "This production server was changed by someone else. Reload to see the changes.");

    public static DomainError StaleStorage { get; } =
        new("concurrency.stale", "This storage server was changed by someone else. Reload to see the changes.");

    public static DomainError StaleSchedule { get; } =
        new("concurrency.stale", "This schedule was changed by someone else. Reload to see the changes.");

    internal static DomainError? EditedVersionIsCurrent(string current, string? edited, DomainError stale) =>
        string.Equals(current, edited, StringComparison.Ordinal) ? null : stale;

    // A schedule runs once at a time, and only a running one stops.
    public static DomainError AlreadyRunning(string schedule) => new("schedule.running", $"'{schedule}' is already running.");

    internal static DomainError? RunsOnceAtATime(string schedule, bool running) => running ? AlreadyRunning(schedule) : null;

    public static DomainError NotRunning(string schedule) => new("schedule.not_running", $"'{schedule}' is not running.");

    internal static DomainError? StopsOnlyWhenRunning(string schedule, bool running) => running ? null : NotRunning(schedule);

    // A restore brings back what the point holds.
    public static DomainError UnknownRestoreKind { get; } = new("restore.kind", "Choose what to restore: files, databases or disaster recovery.");

    internal static DomainError? RestoreSuitsThePoint(RestoreKind kind, BackupType type) =>
        PointService.RestoreKindsFor(type).Contains(kind) ? null
        : new DomainError("restore.unsuitable", kind == RestoreKind.Files
            ? "This point holds databases; restore databases or run a disaster recovery."
            : "This point holds files; restore files or run a disaster recovery.");

    // What the Servers, Storages and Schedules pages offer, from the same checks as the operations.
    internal static Capability MayCreateServer(Actor actor) =>
        Capability.From(Require(actor, Permissions.CreateServers) ?? NewServerStaysInCreatorsScope(actor));

    internal static Capability MayCreateStorage(Actor actor) =>
        Capability.From(Require(actor, Permissions.CreateStorages) ?? NewStorageStaysInCreatorsScope(actor));

    internal static ItemCapabilities ServerCapabilities(Actor actor) =>
        new(Capability.From(Require(actor, Permissions.EditServers)), Capability.From(Require(actor, Permissions.DeleteServers)), SeeWho(actor));

    internal static ItemCapabilities StorageCapabilities(Actor actor) =>
        new(Capability.From(Require(actor, Permissions.EditStorages)), Capability.From(Require(actor, Permissions.DeleteStorages)), SeeWho(actor));

    // "Who can see this?" reads users: the Users page's permission.
    private static Capability SeeWho(Actor actor) => Capability.From(Require(actor, Permissions.ViewUsersPage));

    internal static PointCapabilities PointCapabilities(Actor actor, BackupType type) => new(
        Capability.From(Require(actor, Permissions.DownloadPoints)),
        [.. PointService.RestoreKindsFor(type).Select(kind => (kind, Capability.From(Require(actor, PointService.PermissionFor(kind)))))]);

    internal static ScheduleCapabilities ScheduleCapabilities(Actor actor, string schedule, bool running) => new(
        Capability.From(Require(actor, Permissions.EditSchedules)),
        Capability.From(Require(actor, Permissions.DeleteSchedules)),
        Capability.From(Require(actor, Permissions.RunSchedule) ?? RunsOnceAtATime(schedule, running)),
        Capability.From(Require(actor, Permissions.StopSchedule) ?? StopsOnlyWhenRunning(schedule, running)));
}

/// <summary>What the acting user may do to a listed server or storage, and why not; <see cref="SeeWho"/> is "Who can
/// see this?".</summary>
public sealed record ItemCapabilities(Capability Edit, Capability Delete, Capability SeeWho)
{
    /// <summary>Nothing: a row read without the actor's capabilities.</summary>
    public static ItemCapabilities None { get; } = new(Capability.Unknown, Capability.Unknown, Capability.Unknown);
}

/// <summary>What the acting user may do to a listed schedule, and why not.</summary>
public sealed record ScheduleCapabilities(Capability Edit, Capability Delete, Capability Run, Capability Stop)
{
    /// <summary>Nothing: a row read without the actor's capabilities.</summary>
    public static ScheduleCapabilities None { get; } = new(Capability.Unknown, Capability.Unknown, Capability.Unknown, Capability.Unknown);
}

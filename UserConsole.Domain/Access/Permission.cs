namespace UserConsole.Domain.Access;

/// <summary>The product areas, in the order the navigation and the permissions matrix show them.</summary>
public enum PermissionArea
{
    Users,
    Roles,
    Monitor,
    Servers,
    Storages,
    Schedules,
    Points,
    Logs,
    Activity,
    Settings,
    Profile,
}

/// <summary>The kinds of action, the columns of the permissions matrix.</summary>
public enum PermissionKind
{
    ViewPage,
    Create,
    Edit,
    Delete,
    Run,
    Stop,
    Download,
    Restore,
    Other,
}

/// <summary>One entry of the permission catalog. <see cref="Implies"/> is the page permission an action key
/// needs in order to be usable (checking run_schedule checks view_schedules_page).</summary>
public sealed record Permission(
    string Key,
    string DisplayName,
    string Description,
    PermissionArea Area,
    PermissionKind Kind,
    string? Implies);

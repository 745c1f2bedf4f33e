namespace UserConsole.Domain.Roles;

/// <summary>A row of "Current user roles".</summary>
public sealed record RoleListItem(
    Guid Id,
    string Name,
    string? Description,
    bool IsFirstAdminRole,
    int PermissionCount,
    int UserCount,
    string ConcurrencyStamp);

/// <summary>A role as the permissions matrix opens it, with what the acting user may do to it and why not.</summary>
public sealed record RoleDetails(
    Guid Id,
    string Name,
    string? Description,
    bool IsFirstAdminRole,
    IReadOnlySet<string> Permissions,
    int UserCount,
    string ConcurrencyStamp,
    Users.Capability Edit,
    Users.Capability Delete);

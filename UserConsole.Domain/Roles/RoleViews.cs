using System.Collections;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Roles;

/// <summary>A row of "Current user roles", with what the acting user may do to it and why not.</summary>
public sealed record RoleListItem(
    Guid Id,
    string Name,
    string? Description,
    bool IsFirstAdminRole,
    int PermissionCount,
    int UserCount,
    string ConcurrencyStamp,
    Capability Edit,
    Capability Delete,
    bool RequiresTwoFactor = false);

/// <summary>"Current user roles": the rows, and whether the acting user may create a role.</summary>
public sealed record RoleList(IReadOnlyList<RoleListItem> Items, Capability Create) : IReadOnlyList<RoleListItem>
{
    public int Count => Items.Count;

    public RoleListItem this[int index] => Items[index];

    public IEnumerator<RoleListItem> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A role as the permissions matrix opens it, with what the acting user may do to it and why not.</summary>
public sealed record RoleDetails(
    Guid Id,
    string Name,
    string? Description,
    bool IsFirstAdminRole,
    IReadOnlySet<string> Permissions,
    int UserCount,
    string ConcurrencyStamp,
    Capability Edit,
    Capability Delete,
    bool RequiresTwoFactor = false);

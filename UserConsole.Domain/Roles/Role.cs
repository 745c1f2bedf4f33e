namespace UserConsole.Domain.Roles;

/// <summary>A named permission set. Exactly one role is the first admin role (flagged at bootstrap).</summary>
public class Role
{
    // EF Core
    private Role()
    {
    }

    public Role(string name, string? description, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        Description = description;
        CreatedAt = createdAt;
        ConcurrencyStamp = Users.User.NewStamp();
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Upper-cased name for case-insensitive uniqueness (as Identity normalizes).</summary>
    public string NormalizedName { get; set; } = "";

    public string? Description { get; private set; }

    public bool IsFirstAdminRole { get; private set; }

    /// <summary>Holders must have a second factor: one without sets it up right after the password, before anything
    /// else is reachable.</summary>
    public bool RequiresTwoFactor { get; private set; }

    public string ConcurrencyStamp { get; set; } = "";

    public DateTime CreatedAt { get; private set; }

    public List<RolePermission> Permissions { get; private set; } = [];

    public IReadOnlySet<string> PermissionKeys => IsFirstAdminRole
        ? Access.Permissions.AllKeys
        : Permissions.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    public void MarkAsFirstAdminRole() => IsFirstAdminRole = true;

    public void RequireTwoFactor(bool required) => RequiresTwoFactor = required;

    public void Rename(string name, string? description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>Replaces the permission set with <paramref name="keys"/> plus the page permissions they imply.</summary>
    public void SetPermissions(IEnumerable<string> keys)
    {
        var wanted = Access.Permissions.WithImplied(keys);
        Permissions.RemoveAll(p => !wanted.Contains(p.Key));
        foreach (var key in wanted.Where(k => Permissions.All(p => p.Key != k)).Order(StringComparer.Ordinal))
        {
            Permissions.Add(new RolePermission(Id, key));
        }
    }

    public void Touch() => ConcurrencyStamp = Users.User.NewStamp();
}

/// <summary>One permission key held by a role.</summary>
public class RolePermission(Guid roleId, string key)
{
    public Guid RoleId { get; private set; } = roleId;

    public string Key { get; private set; } = key;
}

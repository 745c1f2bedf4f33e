namespace UserConsole.Domain.Access;

/// <summary>Who is acting: built from the database at the start of every operation, never taken from a client.</summary>
public sealed record Actor(
    Guid UserId,
    string UserName,
    string? FullName,
    string? Company,
    bool IsFirstAdmin,
    IReadOnlySet<string> Permissions,
    AccessScope Scope)
{
    public bool Has(string permission) => Permissions.Contains(permission);

    /// <summary>True when every key is held by this actor.</summary>
    public bool HoldsAll(IEnumerable<string> permissions) => permissions.All(Permissions.Contains);
}

namespace UserConsole.Domain.Access;

/// <summary>How a user's access to one kind of server is stored: everything (including servers added later) or an
/// explicit list. An explicit list whose servers were all deleted stays explicit and grants nothing.</summary>
public enum ScopeMode
{
    All = 0,
    Chosen = 1,
}

/// <summary>Access to one kind of server: all of them, or the chosen ids.</summary>
public sealed record ResourceScope
{
    private ResourceScope(ScopeMode mode, IReadOnlySet<int> ids)
    {
        Mode = mode;
        Ids = ids;
    }

    public static ResourceScope Everything { get; } = new(ScopeMode.All, new HashSet<int>());

    public ScopeMode Mode { get; }

    /// <summary>The chosen ids; empty when <see cref="Mode"/> is <see cref="ScopeMode.All"/>.</summary>
    public IReadOnlySet<int> Ids { get; }

    public bool IsAll => Mode == ScopeMode.All;

    public static ResourceScope Chosen(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return new(ScopeMode.Chosen, ids.ToHashSet());
    }

    public bool Allows(int id) => IsAll || Ids.Contains(id);

    /// <summary>True when everything this scope grants is also granted by <paramref name="outer"/>.</summary>
    public bool IsWithin(ResourceScope outer)
    {
        ArgumentNullException.ThrowIfNull(outer);
        if (outer.IsAll)
        {
            return true;
        }

        return !IsAll && Ids.IsSubsetOf(outer.Ids);
    }

    public bool Equals(ResourceScope? other) =>
        other is not null && Mode == other.Mode && Ids.SetEquals(other.Ids);

    public override int GetHashCode() => HashCode.Combine(Mode, Ids.Count);
}

/// <summary>A user's scope over both kinds of server.</summary>
public sealed record AccessScope(ResourceScope ProductionServers, ResourceScope StorageServers)
{
    public static AccessScope Everything { get; } = new(ResourceScope.Everything, ResourceScope.Everything);

    public bool IsWithin(AccessScope outer)
    {
        ArgumentNullException.ThrowIfNull(outer);
        return ProductionServers.IsWithin(outer.ProductionServers) && StorageServers.IsWithin(outer.StorageServers);
    }
}

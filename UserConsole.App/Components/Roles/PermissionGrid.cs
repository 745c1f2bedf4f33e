
namespace UserConsole.App.Components.Roles;

/// <summary>The shape of the permissions matrix, derived once from the catalog: one row per area, one column per
/// kind of action; a cell holds every key of its area and kind (Points/Restore holds three).</summary>
public static class PermissionGrid
{
    public static IReadOnlyList<PermissionColumn> Columns { get; } =
        [.. Enum.GetValues<PermissionKind>().Select(k => new PermissionColumn(k, k == PermissionKind.ViewPage ? "View page" : k.ToString()))];

    public static IReadOnlyList<PermissionRow> Rows { get; } =
        [.. Enum.GetValues<PermissionArea>().Select(area => new PermissionRow(
            area,
            area.ToString(),
            [.. Columns.Select(c => (IReadOnlyList<Permission>)[.. Permissions.All.Where(p => p.Area == area && p.Kind == c.Kind)])]))];

    /// <summary>The rows whose area name, or one of whose keys or display names, contains <paramref name="filter"/>
    /// (case-insensitive); every row when the filter is blank.</summary>
    public static IEnumerable<PermissionRow> Matching(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? Rows : Rows.Where(r => r.Matches(filter.Trim()));
}

public sealed record PermissionColumn(PermissionKind Kind, string Header);

/// <param name="Cells">One list per column of <see cref="PermissionGrid.Columns"/>, in that order.</param>
public sealed record PermissionRow(PermissionArea Area, string Name, IReadOnlyList<IReadOnlyList<Permission>> Cells)
{
    public IReadOnlyList<string> Keys { get; } = [.. Cells.SelectMany(c => c).Select(p => p.Key)];

    public bool Matches(string filter) =>
        Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || Cells.SelectMany(c => c).Any(p => MatchesPermission(p, filter));

    public static bool MatchesPermission(Permission permission, string? filter) =>
        !string.IsNullOrWhiteSpace(filter)
        && (permission.Key.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase)
            || permission.DisplayName.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase));
}
